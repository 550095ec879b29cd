/** JSON pointers (RFC 6901) and the dotted spec paths users write (`stages.descriptor.optimizer.lr`, `layers[3]`). */

export type PathSegment = string | number;

export function escapeSegment(segment: PathSegment): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function toPointer(segments: readonly PathSegment[]): string {
  return segments.map((s) => `/${escapeSegment(s)}`).join('');
}

export function childPointer(pointer: string, segment: PathSegment): string {
  return `${pointer}/${escapeSegment(segment)}`;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** True when `pointer` is `ancestor` or lies below it. */
export function isWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

/**
 * Parses a user path such as `models.denoiser.layers[7].rate` into segments; numbers come only from brackets.
 * Returns undefined when the text is not a well-formed path.
 */
export function parseSpecPath(path: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|(\.)/gy;
  let expectKey = true;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(path)) !== null) {
    consumed = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectKey) return undefined;
      segments.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      if (segments.length === 0) return undefined;
      segments.push(Number(m[2]));
      expectKey = false;
    } else {
      if (expectKey) return undefined;
      expectKey = true;
    }
  }
  if (consumed !== path.length || expectKey || segments.length === 0) return undefined;
  return segments;
}

/** Reads the value at `segments` (list positions as numbers or digit strings), or undefined when missing. */
export function getAtPath(root: unknown, segments: readonly PathSegment[]): unknown {
  let node = root;
  for (const s of segments) {
    if (Array.isArray(node) && /^\d+$/.test(String(s))) node = node[Number(s)];
    else if (isPlainObject(node)) node = node[String(s)];
    else return undefined;
  }
  return node;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets `value` at `segments` inside `root` (mutated), creating missing objects on the way. Returns an error
 * sentence when a step cannot be taken (a scalar in the way, an index past the end of a list).
 */
export function setAtPath(
  root: Record<string, unknown>,
  segments: readonly PathSegment[],
  value: unknown,
): string | undefined {
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const last = i === segments.length - 1;
    if (typeof s === 'number') {
      if (!Array.isArray(node)) return `${describeAt(segments, i)} is not a list`;
      if (s >= node.length)
        return `${describeAt(segments, i)} has ${node.length} items; index ${s} is past the end`;
      if (last) node[s] = value;
      else node = node[s];
    } else {
      if (!isPlainObject(node)) return `${describeAt(segments, i)} is not a mapping`;
      if (last) node[s] = value;
      else {
        if (node[s] === undefined || node[s] === null) node[s] = {};
        node = node[s];
      }
    }
  }
  return undefined;
}

function describeAt(segments: readonly PathSegment[], i: number): string {
  return i === 0 ? 'the spec' : formatSpecPath(segments.slice(0, i));
}

/** `['models', 'denoiser', 'layers', 7]` → `models.denoiser.layers[7]`; odd keys in brackets and quotes. */
export function formatSpecPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number' || /^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A JSON pointer shown as a spec path; the root shows as `(root)`. */
export function formatPointer(pointer: string): string {
  return pointer === '' ? '(root)' : formatSpecPath(parsePointer(pointer));
}
