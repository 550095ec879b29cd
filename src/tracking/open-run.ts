/**
 * The tracking layer's entry points: a parent run per sweep and a nested run per trial. Each run's
 * events live in `<sweepDir or trialDir>/<offlineDir>/` (default `tracking/`); a run opened again on
 * the same folder (a resumed trial) continues its own log and its own MLflow run.
 */
import { join } from 'node:path';
import { hostname } from 'node:os';
import {
  appendEvents,
  EventLogError,
  EVENT_LOG_VERSION,
  readEvents,
  type ParentRef,
  type TrackingEvent,
} from './event-log.js';
import { MlflowClient } from './mlflow-client.js';
import { runTags, type RunTagInput } from './run-tags.js';
import { RunTracker, TAG_HOST, TAG_PID } from './run-tracker.js';
import { trialRunName } from './run-name.js';

export const DEFAULT_OFFLINE_DIR = 'tracking';
export const PARENT_ENV = 'TRELLIS_TRACKING_PARENT';

export interface TrackingOptions {
  /** MLflow experiment name: `tracking.mlflow.experiment` ?? the spec's `name` (see experimentName). */
  readonly experiment: string;
  /** Upload target. Default: MLFLOW_TRACKING_URI (none → local only). `null` forces local only. */
  readonly client?: MlflowClient | null;
  /** `tracking.offline_dir`. */
  readonly offlineDir?: string;
  /** `tracking.flush_interval_s`. */
  readonly flushIntervalS?: number;
  readonly tags?: Readonly<Record<string, string>>;
  /** Git commit, spec hash, back end, … (mlflow.source.* and trellis.* tags). */
  readonly tagInput?: RunTagInput;
  readonly warn?: (message: string) => void;
}

export interface SweepRunOptions extends TrackingOptions {
  /** Unique within the experiment; default: the sweep folder's name. */
  readonly sweepId: string;
  readonly sweepDir: string;
  readonly runName?: string;
}

export interface TrialRunOptions extends TrackingOptions {
  readonly trialId: string;
  readonly trialDir: string;
  /** The sweep run (`sweep.ref`, or parentRefFromEnv() in a trial process). */
  readonly parent?: ParentRef;
  /** The swept values, for the run name. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  readonly runName?: string;
}

/** The MLflow experiment for a spec: `tracking.mlflow.experiment`, else its `name`. */
export function experimentName(spec: {
  name: string;
  tracking?: { mlflow?: { experiment?: string } };
}): string {
  return spec.tracking?.mlflow?.experiment ?? spec.name;
}

/** Shorter retries than the default: live logging must not stall a trial while a server is down. */
function defaultClient(): MlflowClient | undefined {
  return MlflowClient.fromEnv({
    retry: { attempts: 3, baseDelayMs: 250, maxDelayMs: 2000 },
    timeoutMs: 15_000,
  });
}

function openRun(
  logDir: string,
  open: Extract<TrackingEvent, { type: 'open' }>,
  o: TrackingOptions,
  createMissingParent: boolean,
): RunTracker {
  const previous = readEvents(logDir);
  const first = previous[0];
  if (first && first.type === 'open' && first.trackingId !== open.trackingId) {
    throw new EventLogError(
      `${join(logDir, 'events.jsonl')} belongs to run ${first.trackingId}, not ${open.trackingId}; use another folder or delete that log`,
    );
  }
  const resumed = first?.type === 'open';
  if (resumed) {
    appendEvents(logDir, [
      { type: 'reopen', at: open.at },
      { type: 'tags', tags: { [TAG_HOST]: hostname(), [TAG_PID]: String(process.pid) } },
    ]);
  } else {
    appendEvents(logDir, [open]);
  }
  const tracker = new RunTracker(resumed ? first : open, {
    logDir,
    client: o.client === null ? undefined : (o.client ?? defaultClient()),
    createMissingParent,
    flushIntervalMs: (o.flushIntervalS ?? 30) * 1000,
    warn: o.warn,
  });
  return tracker;
}

/** Opens (or resumes) the parent run of a sweep, and starts uploading it so trials can nest under it. */
export function openSweepRun(o: SweepRunOptions): RunTracker {
  const logDir = join(o.sweepDir, o.offlineDir ?? DEFAULT_OFFLINE_DIR);
  const tracker = openRun(
    logDir,
    {
      type: 'open',
      v: EVENT_LOG_VERSION,
      at: Date.now(),
      trackingId: o.sweepId,
      experiment: o.experiment,
      runName: o.runName ?? o.sweepId,
      tags: { ...runTags({ ...o.tagInput, sweepId: o.sweepId }), ...o.tags },
    },
    o,
    true,
  );
  void tracker.flush();
  return tracker;
}

/** Opens (or resumes) a trial's run, nested under `parent`; the run name comes from the swept values. */
export function openTrialRun(o: TrialRunOptions): RunTracker {
  const logDir = join(o.trialDir, o.offlineDir ?? DEFAULT_OFFLINE_DIR);
  const trackingId = o.parent ? `${o.parent.trackingId}/${o.trialId}` : o.trialId;
  return openRun(
    logDir,
    {
      type: 'open',
      v: EVENT_LOG_VERSION,
      at: Date.now(),
      trackingId,
      experiment: o.experiment,
      runName: o.runName ?? trialRunName(o.overrides ?? {}, o.trialId),
      ...(o.parent ? { parent: o.parent } : {}),
      tags: { ...runTags({ ...o.tagInput, trialId: o.trialId }), ...o.tags },
    },
    o,
    false,
  );
}

/** For a trial process's environment: `{TRELLIS_TRACKING_PARENT: '{"trackingId":…,"runName":…}'}`. */
export function parentRefToEnv(ref: ParentRef): Record<string, string> {
  return { [PARENT_ENV]: JSON.stringify({ trackingId: ref.trackingId, runName: ref.runName }) };
}

export function parentRefFromEnv(env: NodeJS.ProcessEnv = process.env): ParentRef | undefined {
  const raw = env[PARENT_ENV];
  if (!raw) return undefined;
  const r = JSON.parse(raw) as Partial<ParentRef>;
  if (typeof r.trackingId !== 'string' || typeof r.runName !== 'string') {
    throw new Error(`${PARENT_ENV} must be JSON {"trackingId": string, "runName": string}; found ${raw}`);
  }
  return { trackingId: r.trackingId, runName: r.runName };
}
