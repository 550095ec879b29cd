import { createHash } from 'node:crypto';

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

/**
 * JSON with keys sorted at every level and undefined members dropped, so equal values give equal text
 * whatever order they were written in. Numbers use JavaScript's shortest round-trip form (1.0 → 1,
 * 1e-5 → 0.00001), and -0 becomes 0.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`canonicalJson: ${value} has no JSON form`);
    return JSON.stringify(value === 0 ? 0 : value);
  }
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonicalJson: cannot encode a ${typeof value}`);
}

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
  return createHash('sha256')
    .update(canonicalJson(resultDefiningPart(spec)))
    .digest('hex')
    .slice(0, 10);
}
