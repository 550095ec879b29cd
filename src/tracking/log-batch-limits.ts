/**
 * The server's log-batch limits (mlflow/utils/validation.py) and the pure code that fits our records into
 * them: requests of at most 1000 metrics, 100 params, 100 tags and 1000 items, under 1 MB of JSON; keys of
 * at most 250 characters in the allowed alphabet; params and tags truncated visibly instead of silently.
 */
import { createHash } from 'node:crypto';

export const MAX_METRICS_PER_BATCH = 1000;
export const MAX_PARAMS_PER_BATCH = 100;
export const MAX_TAGS_PER_BATCH = 100;
export const MAX_ENTITIES_PER_BATCH = 1000;
/** The server refuses bodies over 1e6 bytes; keep headroom for the envelope. */
export const MAX_BATCH_BYTES = 900_000;
export const MAX_KEY_LENGTH = 250;
export const MAX_PARAM_VALUE_LENGTH = 6000;
export const MAX_TAG_VALUE_LENGTH = 8000;

export interface Metric {
  readonly key: string;
  readonly value: number;
  readonly step: number;
  /** Wall-clock ms when the value was measured. */
  readonly timestamp: number;
}
export interface KeyValue {
  readonly key: string;
  readonly value: string;
}
export interface BatchRequest {
  readonly metrics: Metric[];
  readonly params: KeyValue[];
  readonly tags: KeyValue[];
}

/**
 * A key the server accepts: characters outside `[/\w.\- :]` become `_`, `//`, `./` and leading `/` are
 * normalised away (the server rejects names that change under path normalisation), and keys over 250
 * characters keep a readable head plus a hash of the whole, so two long keys never collide.
 */
export function normalizeKey(key: string): string {
  let k = key.replace(/[^/\w.\- :]/g, '_');
  k = k
    .split('/')
    .filter((part) => part !== '' && part !== '.' && part !== '..')
    .join('/');
  if (k === '') k = '_';
  if (k.length > MAX_KEY_LENGTH) {
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 10);
    k = `${k.slice(0, MAX_KEY_LENGTH - 11)}~${hash}`;
  }
  return k;
}

/** Cuts `value` to `max` characters, ending with a marker that says how much was dropped. */
export function truncateValue(value: string, max: number): string {
  if (value.length <= max) return value;
  const marker = (dropped: number) => `…[truncated ${dropped} chars]`;
  const keep = max - marker(value.length).length;
  return value.slice(0, keep) + marker(value.length - keep);
}

/** JSON size of one record, as the server measures the request body. */
function sizeOf(x: unknown): number {
  return Buffer.byteLength(JSON.stringify(x)) + 1;
}

/**
 * Splits metrics, params and tags into requests that each respect every per-request limit. Order within
 * each kind is kept, so a metric's history arrives in the order it was measured.
 */
export function splitBatch(input: {
  metrics?: readonly Metric[];
  params?: readonly KeyValue[];
  tags?: readonly KeyValue[];
}): BatchRequest[] {
  const out: BatchRequest[] = [];
  let cur: BatchRequest = { metrics: [], params: [], tags: [] };
  let bytes = 0;
  const count = () => cur.metrics.length + cur.params.length + cur.tags.length;
  const push = <K extends keyof BatchRequest>(kind: K, item: BatchRequest[K][number], limit: number) => {
    const size = sizeOf(item);
    if (
      cur[kind].length >= limit ||
      count() >= MAX_ENTITIES_PER_BATCH ||
      (count() > 0 && bytes + size > MAX_BATCH_BYTES)
    ) {
      out.push(cur);
      cur = { metrics: [], params: [], tags: [] };
      bytes = 0;
    }
    (cur[kind] as BatchRequest[K][number][]).push(item);
    bytes += size;
  };
  for (const p of input.params ?? []) push('params', p, MAX_PARAMS_PER_BATCH);
  for (const t of input.tags ?? []) push('tags', t, MAX_TAGS_PER_BATCH);
  for (const m of input.metrics ?? []) push('metrics', m, MAX_METRICS_PER_BATCH);
  if (count() > 0) out.push(cur);
  return out;
}

/** A metric value on the wire: NaN and ±Infinity are not JSON numbers, the server takes them as strings. */
export function wireNumber(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}
