import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import type { SpecIssue } from '../diagnostics/issue.js';
import { suggest } from '../diagnostics/suggest.js';
import { describe } from './ajv-messages.js';
import { copySubtree, deepMerge } from './deep-merge.js';
import type { Located } from './deep-merge.js';
import { childPointer, isPlainObject } from './json-pointer.js';
import { isInsideRoot } from './project-root.js';
import { readYaml } from './read-yaml.js';
import type { SourceLocation } from './source-map.js';

export interface ComposeOptions {
  /** extends / include targets must lie inside this folder. */
  readonly projectRoot: string;
  /** Paths in messages are shown relative to this folder. */
  readonly cwd: string;
}

export interface Composed extends Located {
  /** True when the file is a block library (only `blocks`, no `name`) rather than an experiment. */
  readonly library: boolean;
  readonly issues: SpecIssue[];
  /** Every file read, the spec first. */
  readonly files: string[];
}

/** Keys a block library may hold. */
const LIBRARY_KEYS = ['$schema', 'blocks', 'description'];

/**
 * Reads a spec and everything it pulls in: the `extends` chain (deep merge, lists replace) and the block
 * libraries of `include` (their `blocks` joined into `blocks`). The result has no `extends` / `include`.
 */
export function composeSpec(path: string, opts: ComposeOptions): Composed {
  const ctx: Context = { ...opts, issues: [], files: [] };
  const abs = resolve(opts.cwd, path);
  if (!existsSync(abs)) {
    ctx.issues.push({
      code: 'spec/file-not-found',
      pointer: '',
      message: 'no such file',
      location: { file: abs, line: 0, col: 0 },
    });
    return { value: undefined, locations: new Map(), library: false, issues: ctx.issues, files: [] };
  }
  const composed = composeFile(abs, [], ctx);
  const top = composed?.value;
  return {
    library: isBlockLibrary(top),
    value: top,
    locations: composed?.locations ?? new Map(),
    issues: ctx.issues,
    files: ctx.files,
  };
}

interface Context extends ComposeOptions {
  readonly issues: SpecIssue[];
  readonly files: string[];
}

/** A file with `blocks` and no `name` is read as a block library. */
export function isBlockLibrary(value: unknown): boolean {
  return isPlainObject(value) && 'blocks' in value && !('name' in value);
}

function readMapping(file: string, ctx: Context, what: string): Located | undefined {
  if (!ctx.files.includes(file)) ctx.files.push(file);
  const parsed = readYaml(readFileSync(file, 'utf8'), file);
  ctx.issues.push(...parsed.issues);
  if (parsed.value === undefined && parsed.issues.length > 0) return undefined;
  if (!isPlainObject(parsed.value)) {
    ctx.issues.push({
      code: 'spec/not-a-mapping',
      pointer: '',
      message: `${what} must be a mapping of keys to values, found ${parsed.value === null ? 'an empty document' : describe(parsed.value)}`,
      location: parsed.locations.get('') ?? { file, line: 1, col: 1 },
    });
    return undefined;
  }
  return { value: parsed.value, locations: parsed.locations };
}

function composeFile(file: string, chain: readonly string[], ctx: Context): Located | undefined {
  const own = readMapping(file, ctx, 'a spec');
  if (!own) return undefined;
  const doc = own.value as Record<string, unknown>;
  if (chain.length === 0 && isBlockLibrary(doc)) {
    checkLibraryKeys({ file, doc, locations: own.locations, includedFrom: undefined }, ctx);
    return own;
  }
  const keyAt = (pointer: string): SourceLocation => own.locations.get(pointer) ?? own.locations.get('')!;

  const base = 'extends' in doc ? extendsBase(file, doc.extends, chain, keyAt, ctx) : undefined;
  const included = 'include' in doc ? includeLibraries(file, doc.include, keyAt, ctx) : undefined;
  if (included) checkOwnBlocks(doc.blocks, included.origins, keyAt, ctx);

  const stripped = new Map<string, SourceLocation>();
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (k !== 'extends' && k !== 'include')
      body[k] = copySubtree(v, own.locations, childPointer('', k), stripped);
  }
  stripped.set('', own.locations.get('')!);
  let result: Located = { value: body, locations: stripped };
  if (included) result = deepMerge(included.blocks, result);
  if (base) result = deepMerge(base, result);
  return result;
}

/** The composed spec `file` extends, or undefined (with an issue) when the reference is bad or cyclic. */
function extendsBase(
  file: string,
  ref: unknown,
  chain: readonly string[],
  keyAt: (pointer: string) => SourceLocation,
  ctx: Context,
): Located | undefined {
  const location = keyAt('/extends');
  if (typeof ref !== 'string') {
    ctx.issues.push({
      code: 'schema/wrong-type',
      pointer: '/extends',
      message: `expected a path to a spec, found ${describe(ref)}`,
      location,
    });
    return undefined;
  }
  const target = resolveTarget(file, ref, 'extends', { location, pointer: '/extends' }, ctx);
  if (!target) return undefined;
  if ([...chain, file].includes(target)) {
    const cycle = [...chain.slice(chain.indexOf(target)), file, target].map((f) => show(f, ctx)).join(' → ');
    ctx.issues.push({
      code: 'spec/extends-cycle',
      pointer: '/extends',
      message: `extends cycle: ${cycle}`,
      hint: 'remove one of these extends',
      location,
    });
    return undefined;
  }
  return composeFile(target, [...chain, file], ctx);
}

/** A spec's own block may not share a name with an included one: which one is meant would be a guess. */
function checkOwnBlocks(
  blocks: unknown,
  included: ReadonlyMap<string, SourceLocation>,
  keyAt: (pointer: string) => SourceLocation,
  ctx: Context,
): void {
  for (const name of Object.keys(isPlainObject(blocks) ? blocks : {})) {
    const other = included.get(name);
    if (!other) continue;
    ctx.issues.push({
      code: 'spec/duplicate-block',
      pointer: childPointer('/blocks', name),
      message: `block "${name}" is also defined in the included ${show(other.file, ctx)}:${other.line}`,
      hint: 'rename one of them',
      location: keyAt(childPointer('/blocks', name)),
    });
  }
}

interface Libraries {
  readonly blocks: Located;
  /** Block name → where it was defined. */
  readonly origins: Map<string, SourceLocation>;
}

function includeLibraries(
  file: string,
  include: unknown,
  keyAt: (pointer: string) => SourceLocation,
  ctx: Context,
): Libraries | undefined {
  if (!Array.isArray(include) || include.some((p) => typeof p !== 'string')) {
    ctx.issues.push({
      code: 'schema/wrong-type',
      pointer: '/include',
      message: `expected a list of paths to block libraries, found ${describe(include)}`,
      location: keyAt('/include'),
    });
    return undefined;
  }
  const origins = new Map<string, SourceLocation>();
  let blocks: Located = { value: { blocks: {} }, locations: new Map() };
  include.forEach((ref: string, i) => {
    const pointer = `/include/${i}`;
    const target = resolveTarget(file, ref, 'include', { location: keyAt(pointer), pointer }, ctx);
    if (!target) return;
    const lib = readMapping(target, ctx, 'a block library');
    if (!lib) return;
    const libDoc = lib.value as Record<string, unknown>;
    checkLibraryKeys({ file: target, doc: libDoc, locations: lib.locations, includedFrom: file }, ctx);
    if (!isPlainObject(libDoc.blocks)) return;
    for (const name of Object.keys(libDoc.blocks)) {
      const loc = lib.locations.get(childPointer('/blocks', name))!;
      const other = origins.get(name);
      if (other) {
        ctx.issues.push({
          code: 'spec/duplicate-block',
          pointer: childPointer('/blocks', name),
          message: `block "${name}" is also defined in ${show(other.file, ctx)}:${other.line}`,
          hint: 'include only one of the libraries, or rename one block',
          location: loc,
        });
      } else origins.set(name, loc);
    }
    const located: Located = { value: { blocks: libDoc.blocks }, locations: lib.locations };
    blocks = deepMerge(blocks, located);
  });
  return { blocks, origins };
}

function checkLibraryKeys(
  lib: {
    file: string;
    doc: Record<string, unknown>;
    locations: ReadonlyMap<string, SourceLocation>;
    includedFrom?: string;
  },
  ctx: Context,
): void {
  for (const key of Object.keys(lib.doc).filter((k) => !LIBRARY_KEYS.includes(k))) {
    const from = lib.includedFrom ? ` (included from ${show(lib.includedFrom, ctx)})` : '';
    ctx.issues.push({
      code: 'spec/bad-library',
      pointer: childPointer('', key),
      message: `a block library${from} may only hold ${LIBRARY_KEYS.slice(1).join(' and ')}, found "${key}"`,
      hint: suggest(key, LIBRARY_KEYS) ?? 'move it into a spec that includes this library',
      location: lib.locations.get(childPointer('', key)),
    });
  }
}

/** The absolute path `ref` names from `file`, or undefined (with an issue) when it escapes or is missing. */
function resolveTarget(
  file: string,
  ref: string,
  kind: 'extends' | 'include',
  at: { location: SourceLocation; pointer: string },
  ctx: Context,
): string | undefined {
  const target = resolve(dirname(file), ref);
  const { pointer, location } = at;
  if (!isInsideRoot(target, ctx.projectRoot)) {
    const root = show(ctx.projectRoot, ctx);
    ctx.issues.push({
      code: 'spec/path-outside-project',
      pointer,
      message: `${kind} "${ref}" points outside the project`,
      hint: `the project root is ${root === '.' ? 'the current folder' : root} (the nearest folder above the spec with package.json or .git); keep specs and block libraries inside it`,
      location,
    });
    return undefined;
  }
  if (!existsSync(target)) {
    const dir = dirname(target);
    const siblings = existsSync(dir) ? readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)) : [];
    ctx.issues.push({
      code: kind === 'extends' ? 'spec/extends-not-found' : 'spec/include-not-found',
      pointer,
      message: `${kind} "${ref}": no such file ${show(target, ctx)}`,
      hint: suggest(basename(target), siblings),
      location,
    });
    return undefined;
  }
  return target;
}

function show(path: string, ctx: Context): string {
  const rel = relative(ctx.cwd, path);
  return rel === '' ? '.' : rel;
}
