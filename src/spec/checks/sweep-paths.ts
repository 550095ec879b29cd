import type { SpecIssue } from '../../diagnostics/issue.js';
import { suggest } from '../../diagnostics/suggest.js';
import type { ExperimentSpec } from '../../schema/generated/experiment.js';
import { childPointer, formatSpecPath, parseSpecPath, setAtPath } from '../json-pointer.js';
import { NON_RESULT_KEYS } from '../../sweep/trial-id.js';
import { schemaAtPath } from '../schema-path.js';
import type { CheckContext } from './check-context.js';
import { recordOf } from './read-fields.js';

/** Top-level keys a sweep may not vary: they describe the sweep or were consumed while reading the spec. */
const FIXED = ['$schema', 'extends', 'include', 'sweep'];

/** The paths a sweep varies, with the pointer of each key in the sweep section. */
export function sweepPaths(spec: ExperimentSpec): { path: string; pointer: string }[] {
  const sweep = recordOf(spec.sweep);
  const random = recordOf(sweep.random);
  return [
    ...Object.keys(recordOf(sweep.grid)).map((path) => ({
      path,
      pointer: childPointer('/sweep/grid', path),
    })),
    ...Object.keys(recordOf(sweep.zip)).map((path) => ({ path, pointer: childPointer('/sweep/zip', path) })),
    ...Object.keys(recordOf(random.params)).map((path) => ({
      path,
      pointer: childPointer('/sweep/random/params', path),
    })),
  ];
}

/** Every swept path must be a place the schema allows, reachable in the spec, and swept only once. */
export function checkSweepPaths(spec: ExperimentSpec, ctx: CheckContext): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const seen = new Map<string, string>();
  for (const { path, pointer } of sweepPaths(spec)) {
    const segments = parseSpecPath(path);
    if (!segments) continue; // the schema's path pattern reports it
    const canonical = formatSpecPath(segments);
    const first = seen.get(canonical);
    if (first !== undefined) {
      issues.push({
        code: 'sweep/duplicate-path',
        pointer,
        message: `"${path}" is swept twice (also in ${first})`,
        hint: 'sweep each path in one place only',
      });
      continue;
    }
    seen.set(canonical, pointer.split('/').slice(2, -1).join('.'));
    if (FIXED.includes(String(segments[0]))) {
      issues.push({ code: 'sweep/unknown-path', pointer, message: `a sweep cannot vary "${segments[0]}"` });
      continue;
    }
    if (NON_RESULT_KEYS.includes(String(segments[0]))) {
      issues.push({
        code: 'sweep/no-effect',
        pointer,
        message: `sweeping "${path}" does not change results, so every value would be the same trial`,
        hint: `trials are identified by what determines their results; ${String(segments[0])} is not part of it`,
      });
      continue;
    }
    const lookup = schemaAtPath(ctx.schemas, segments, spec);
    if (lookup.kind !== 'found') {
      const parent = formatSpecPath(segments.slice(0, lookup.depth)) || 'the spec';
      const key = String(segments[lookup.depth]);
      issues.push({
        code: 'sweep/unknown-path',
        pointer,
        message:
          lookup.kind === 'unknown-key'
            ? `unknown path "${path}": ${parent} has no key "${key}"`
            : `unknown path "${path}": ${parent} holds a plain value, not a mapping or list`,
        hint: lookup.kind === 'unknown-key' ? suggest(key, lookup.allowed) : undefined,
      });
      continue;
    }
    const problem = setAtPath(structuredClone(recordOf(spec)), segments, null);
    if (problem)
      issues.push({ code: 'sweep/unknown-path', pointer, message: `cannot reach "${path}": ${problem}` });
  }
  return issues;
}

/** `zip` lists advance together, so they must have the same length. */
export function checkZipLengths(spec: ExperimentSpec): SpecIssue[] {
  const entries = Object.entries(recordOf(recordOf(spec.sweep).zip)).filter(([, v]) => Array.isArray(v)) as [
    string,
    unknown[],
  ][];
  if (entries.length < 2) return [];
  const [firstPath, firstValues] = entries[0];
  return entries
    .filter(([, values]) => values.length !== firstValues.length)
    .map(([path, values]) => ({
      code: 'sweep/zip-length-mismatch',
      pointer: childPointer('/sweep/zip', path),
      message: `"${path}" has ${values.length} values but "${firstPath}" has ${firstValues.length}`,
      hint: 'zip advances its lists together, so give every list the same length (use grid for all combinations)',
    }));
}

/** A random range must not be empty. */
export function checkRandomRanges(spec: ExperimentSpec): SpecIssue[] {
  const params = recordOf(recordOf(recordOf(spec.sweep).random).params);
  const issues: SpecIssue[] = [];
  for (const [path, dist] of Object.entries(params)) {
    const { type, min, max } = recordOf(dist);
    if (typeof min !== 'number' || typeof max !== 'number') continue;
    const empty = type === 'int' ? max < min : max <= min;
    if (!empty) continue;
    issues.push({
      code: 'sweep/empty-range',
      pointer: childPointer(childPointer('/sweep/random/params', path), 'max'),
      message: `max (${max}) must be ${type === 'int' ? 'at least' : 'greater than'} min (${min})`,
    });
  }
  return issues;
}
