/**
 * The offline store: one append-only JSONL event log per run, `<runDir>/tracking/events.jsonl`, the
 * source of truth for everything a run records. Uploading (live or by `trellis sync`) replays it.
 * Lines are appended synchronously so a crash loses at most the line being written; a torn last line is
 * ignored on read.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Metric } from './log-batch-limits.js';
import type { RunStatus } from './mlflow-client.js';
import { scrubSecrets, secretValues } from './redact.js';

export const EVENT_LOG_VERSION = 1;
export const EVENTS_FILE = 'events.jsonl';

/** Identifies the parent run of a trial without needing an MLflow run id (it may not exist yet). */
export interface ParentRef {
  readonly trackingId: string;
  readonly runName: string;
}

export type TrackingEvent =
  | {
      readonly type: 'open';
      readonly v: number;
      readonly at: number;
      readonly trackingId: string;
      readonly experiment: string;
      readonly runName: string;
      readonly parent?: ParentRef;
      readonly tags: Readonly<Record<string, string>>;
    }
  /** The same run was opened again (a resumed trial); it is RUNNING again. */
  | { readonly type: 'reopen'; readonly at: number }
  | { readonly type: 'params'; readonly params: Readonly<Record<string, string>> }
  | { readonly type: 'metrics'; readonly metrics: readonly Metric[] }
  | { readonly type: 'tags'; readonly tags: Readonly<Record<string, string>> }
  /** `file` is relative to the log folder; `artifactPath` is the path inside the run's artifacts. */
  | { readonly type: 'artifact'; readonly file: string; readonly artifactPath: string }
  | {
      readonly type: 'end';
      readonly at: number;
      readonly status: Exclude<RunStatus, 'RUNNING' | 'SCHEDULED'>;
    };

export class EventLogError extends Error {
  override name = 'EventLogError';
}

/** Every string inside `x` with credentials masked (values are scrubbed before they touch the disk). */
function scrubDeep<T>(x: T, secrets: readonly string[]): T {
  if (typeof x === 'string') return scrubSecrets(x, secrets) as T;
  if (Array.isArray(x)) return x.map((v) => scrubDeep(v, secrets)) as T;
  if (x && typeof x === 'object') {
    return Object.fromEntries(
      Object.entries(x).map(([k, v]) => [scrubSecrets(k, secrets), scrubDeep(v, secrets)]),
    ) as T;
  }
  return x;
}

/** NaN and ±Infinity survive JSON as strings, as on the MLflow wire. */
function encodeNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

export function appendEvents(logDir: string, events: readonly TrackingEvent[]): void {
  if (events.length === 0) return;
  mkdirSync(logDir, { recursive: true });
  const secrets = secretValues();
  const text = events.map((e) => JSON.stringify(scrubDeep(e, secrets), encodeNumbers)).join('\n') + '\n';
  appendFileSync(join(logDir, EVENTS_FILE), text);
}

/** The log's events in order; a torn final line (crash mid-write) is dropped, any other bad line is an error. */
export function readEvents(logDir: string): TrackingEvent[] {
  const file = join(logDir, EVENTS_FILE);
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const events: TrackingEvent[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      events.push(decodeEvent(JSON.parse(line)));
    } catch (err) {
      if (i === lines.length - 1) return; // torn last line, no newline yet
      throw new EventLogError(
        `${file}:${i + 1}: not a trellis tracking event (${(err as Error).message}); fix or delete that line`,
      );
    }
  });
  if (events.length > 0 && events[0].type !== 'open') {
    throw new EventLogError(`${file}:1: the first event must be "open", found "${events[0].type}"`);
  }
  return events;
}

function decodeEvent(raw: {
  type?: string;
  metrics?: Array<Metric & { value: number | string }>;
}): TrackingEvent {
  if (raw.type === 'metrics') {
    return { type: 'metrics', metrics: (raw.metrics ?? []).map((m) => ({ ...m, value: Number(m.value) })) };
  }
  if (!raw.type || !['open', 'reopen', 'params', 'tags', 'artifact', 'end'].includes(raw.type)) {
    throw new Error(`unknown type ${JSON.stringify(raw.type)}`);
  }
  return raw as TrackingEvent;
}
