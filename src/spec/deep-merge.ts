import { childPointer, isPlainObject } from './json-pointer.js';
import type { SourceLocation } from './source-map.js';

/** A value with the positions of everything in it, keyed by pointer from the spec root. */
export interface Located {
  readonly value: unknown;
  readonly locations: ReadonlyMap<string, SourceLocation>;
}

/**
 * Deep-merges `over` onto `base`: mappings merge key by key, anything else (lists included) is replaced.
 * A mapping whose `type` differs from the base's replaces it whole: a `{type: synth, ...}` data source
 * over a `{type: nhpatches, root: ...}` one must not inherit the other variant's keys.
 * Returns new objects; each resolved pointer keeps the position of the file its value came from.
 */
export function deepMerge(base: Located, over: Located): Located {
  const locations = new Map<string, SourceLocation>();
  const value = mergeAt(base, over, '', locations);
  return { value, locations };
}

function mergeAt(base: Located, over: Located, pointer: string, out: Map<string, SourceLocation>): unknown {
  const b = valueAt(base, pointer);
  const o = valueAt(over, pointer);
  if (
    isPlainObject(b) &&
    isPlainObject(o) &&
    !(typeof o.type === 'string' && o.type !== b.type && 'type' in b)
  ) {
    const loc = over.locations.get(pointer) ?? base.locations.get(pointer);
    if (loc) out.set(pointer, loc);
    const result: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(b), ...Object.keys(o)])) {
      const p = childPointer(pointer, key);
      if (key in o && key in b) result[key] = mergeAt(base, over, p, out);
      else if (key in o) result[key] = copySubtree(o[key], over.locations, p, out);
      else result[key] = copySubtree(b[key], base.locations, p, out);
    }
    return result;
  }
  return copySubtree(o, over.locations, pointer, out);
}

// valueAt walks from the root each time; specs are small, and this keeps mergeAt free of parallel cursors.
function valueAt(located: Located, pointer: string): unknown {
  let node = located.value;
  if (pointer === '') return node;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = Array.isArray(node) ? node[Number(key)] : isPlainObject(node) ? node[key] : undefined;
  }
  return node;
}

/** A deep copy of `value` at `pointer`, carrying its positions from `from` into `out`. */
export function copySubtree(
  value: unknown,
  from: ReadonlyMap<string, SourceLocation>,
  pointer: string,
  out: Map<string, SourceLocation>,
): unknown {
  const loc = from.get(pointer);
  if (loc) out.set(pointer, loc);
  if (Array.isArray(value)) return value.map((v, i) => copySubtree(v, from, childPointer(pointer, i), out));
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      result[k] = copySubtree(v, from, childPointer(pointer, k), out);
    return result;
  }
  return value;
}
