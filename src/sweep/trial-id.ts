import { hashOf } from '../io/canonical-json.js';

/**
 * Top-level keys that do not change a trial's results: labels, where it runs, where it logs, and the
 * sweep / composition machinery that produced it.
 */
export const NON_RESULT_KEYS: readonly string[] = [
  '$schema',
  'name',
  'description',
  'extends',
  'include',
  'sweep',
  'tracking',
  'runner',
];

/** The part of a resolved trial spec that determines its results. */
export function resultDefiningPart(spec: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec).filter(([k]) => !NON_RESULT_KEYS.includes(k)));
}

/**
 * A trial's id: the first 10 hex digits of the SHA-256 of the canonical JSON of what determines its
 * results. Pass the fully resolved spec (defaults filled in), so that a value reached by extends, --set or
 * a sweep, or left to its default, gives the same id as the same value written out.
 */
export function trialId(spec: object): string {
  return hashOf(resultDefiningPart(spec), 10);
}
