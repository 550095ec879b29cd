import { parse } from 'yaml';
import type { SpecIssue } from '../diagnostics/issue.js';
import { suggest } from '../diagnostics/suggest.js';
import type { Located } from './deep-merge.js';
import {
  childPointer,
  formatSpecPath,
  isWithin,
  parseSpecPath,
  setAtPath,
  toPointer,
} from './json-pointer.js';
import { acceptedTypes, jsonType, schemaAtPath } from './schema-path.js';
import type { SchemaSet } from './schema-set.js';
import { COMMAND_LINE } from './source-map.js';
import type { SourceLocation } from './source-map.js';

export interface AppliedOverrides extends Located {
  readonly issues: SpecIssue[];
}

/**
 * Applies `--set path=value` arguments in order. The value is read as YAML (so `0.01`, `true`, `[1, 2]`
 * work) and turned back into text where the schema wants a string (`--set name=2024` is the name "2024").
 * Paths the schema does not allow are reported with a suggestion; values are checked later by validation.
 */
export function applySetOverrides(
  base: Located,
  sets: readonly string[],
  schemas: SchemaSet,
): AppliedOverrides {
  const value = structuredClone(base.value) as Record<string, unknown>;
  const locations = new Map(base.locations);
  const issues: SpecIssue[] = [];
  sets.forEach((arg, i) => {
    const location: SourceLocation = { file: COMMAND_LINE, line: i + 1, col: 1 };
    const eq = arg.indexOf('=');
    const segments = eq > 0 ? parseSpecPath(arg.slice(0, eq).trim()) : undefined;
    if (!segments) {
      issues.push({
        code: 'spec/bad-set',
        pointer: '',
        message: `--set expects path=value, found "${arg}"`,
        hint: 'for example --set stages.descriptor.optimizer.lr=0.01',
        location,
      });
      return;
    }
    const raw = arg.slice(eq + 1);
    const lookup = schemaAtPath(schemas, segments, value);
    if (lookup.kind !== 'found') {
      const parent = formatSpecPath(segments.slice(0, lookup.depth)) || 'the spec';
      const key = segments[lookup.depth];
      issues.push({
        code: 'spec/set-unknown-path',
        pointer: toPointer(segments),
        message:
          lookup.kind === 'unknown-key'
            ? `${parent} has no key "${key}"`
            : `${parent} holds a plain value, not a mapping or list`,
        hint: lookup.kind === 'unknown-key' ? suggest(String(key), lookup.allowed) : undefined,
        location,
      });
      return;
    }
    const typed = coerce(parseValue(raw), raw, acceptedTypes(lookup.schemas));
    const problem = setAtPath(value, segments, typed);
    if (problem) {
      issues.push({
        code: 'spec/set-unknown-path',
        pointer: toPointer(segments),
        message: `${problem}`,
        location,
      });
      return;
    }
    const pointer = toPointer(segments);
    for (const p of [...locations.keys()]) if (isWithin(p, pointer)) locations.delete(p);
    for (let n = 0; n <= segments.length; n++) {
      const p = toPointer(segments.slice(0, n));
      if (n === segments.length || !locations.has(p)) locations.set(p, location);
    }
    markAll(typed, pointer, location, locations);
  });
  return { value, locations, issues };
}

function parseValue(raw: string): unknown {
  try {
    return parse(raw, { merge: false, uniqueKeys: true });
  } catch {
    return raw;
  }
}

/** Where the schema accepts a string but not what YAML made of the text, the text itself is meant. */
function coerce(value: unknown, raw: string, types: Set<string>): unknown {
  if (types.size === 0 || !types.has('string')) return value;
  const t = jsonType(value);
  const accepted = types.has(t) || (t === 'integer' && types.has('number'));
  return typeof value === 'string' || accepted ? value : raw;
}

function markAll(
  value: unknown,
  pointer: string,
  location: SourceLocation,
  out: Map<string, SourceLocation>,
): void {
  out.set(pointer, location);
  if (Array.isArray(value)) value.forEach((v, i) => markAll(v, childPointer(pointer, i), location, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) markAll(v, childPointer(pointer, k), location, out);
  }
}
