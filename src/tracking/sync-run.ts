/**
 * Uploads one run's event log to an MLflow server, from where the last upload stopped. Used by the live
 * tracker (after each flush) and by `trellis sync`. Idempotent: the run is found by its
 * `trellis.tracking_id` tag before one is created, uploaded events are counted in sync-state.json, and
 * when that state is missing for a run that already exists, metrics already in the server's history are
 * left out rather than sent again.
 */
import { join } from 'node:path';
import { readEvents, type ParentRef, type TrackingEvent } from './event-log.js';
import { normalizeKey, type KeyValue, type Metric } from './log-batch-limits.js';
import { MlflowError, type MlflowClient, type Run } from './mlflow-client.js';
import { readSyncState, writeSyncState, type ServerSyncState } from './sync-state.js';

export const TAG_TRACKING_ID = 'trellis.tracking_id';
export const TAG_PARENT = 'mlflow.parentRunId';
/** Metrics and params gathered into one upload step (each step is then split to the server's limits). */
const STEP_ITEMS = 5000;

export interface SyncRunOptions {
  readonly client: MlflowClient;
  readonly logDir: string;
  /**
   * When the parent run is not on the server yet: create a placeholder (found and filled later when the
   * parent's own log is synced) — what `trellis sync` does — or stop and leave the log pending.
   */
  readonly createMissingParent: boolean;
  readonly warn?: (message: string) => void;
  /** Set on the second pass after the server lost the run (see RESOURCE_DOES_NOT_EXIST below). */
  readonly retriedAfterReset?: boolean;
}

export interface SyncRunResult {
  readonly runId: string;
  readonly experimentId: string;
  /** True when this call created the MLflow run. */
  readonly created: boolean;
  /** Events uploaded by this call. */
  readonly uploadedEvents: number;
  /** Events not uploaded because a parent is missing (createMissingParent false). */
  readonly pendingEvents: number;
}

const kv = (r: Readonly<Record<string, string>>): KeyValue[] =>
  Object.entries(r).map(([key, value]) => ({ key: normalizeKey(key), value }));

/** Quotes a value for a search filter. */
const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export async function findRunByTrackingId(
  client: MlflowClient,
  experimentId: string,
  trackingId: string,
): Promise<Run | undefined> {
  const runs = await client.searchRuns({
    experimentIds: [experimentId],
    filter: `tags.\`${TAG_TRACKING_ID}\` = ${quote(trackingId)}`,
    orderBy: ['attributes.start_time ASC'],
  });
  return runs[0];
}

export class ParentNotOnServerError extends Error {
  override name = 'ParentNotOnServerError';
}

async function resolveParent(
  client: MlflowClient,
  experimentId: string,
  parent: ParentRef,
  create: boolean,
): Promise<string> {
  const found = await findRunByTrackingId(client, experimentId, parent.trackingId);
  if (found) return found.info.run_id;
  if (!create) throw new ParentNotOnServerError(`parent run ${parent.trackingId} is not on the server yet`);
  const run = await client.createRun({
    experimentId,
    runName: parent.runName,
    tags: [
      { key: TAG_TRACKING_ID, value: parent.trackingId },
      { key: 'mlflow.runName', value: parent.runName },
    ],
  });
  return run.info.run_id;
}

export async function syncRunLog(options: SyncRunOptions): Promise<SyncRunResult> {
  const { client, logDir } = options;
  const warn = options.warn ?? (() => {});
  const events = readEvents(logDir);
  if (events.length === 0) throw new Error(`${join(logDir, 'events.jsonl')}: no events to sync`);
  const open = events[0] as Extract<TrackingEvent, { type: 'open' }>;
  const stateFile = readSyncState(logDir);
  let s: ServerSyncState | undefined = stateFile.servers[client.baseUrl];
  let created = false;
  /** Set when the run existed before we had a state for it: filter what the server already holds. */
  let dedupe = false;

  if (!s) {
    const experimentId = await client.getOrCreateExperiment(open.experiment, [
      { key: 'mlflow.experimentKind', value: 'custom_model_development' },
    ]);
    let run = await findRunByTrackingId(client, experimentId, open.trackingId);
    if (run) {
      dedupe = true;
    } else {
      let parentId: string | undefined;
      try {
        parentId = open.parent
          ? await resolveParent(client, experimentId, open.parent, options.createMissingParent)
          : undefined;
      } catch (err) {
        if (err instanceof ParentNotOnServerError) {
          return { runId: '', experimentId, created: false, uploadedEvents: 0, pendingEvents: events.length };
        }
        throw err;
      }
      run = await client.createRun({
        experimentId,
        runName: open.runName,
        startTime: open.at,
        tags: [
          ...kv(open.tags),
          { key: TAG_TRACKING_ID, value: open.trackingId },
          { key: 'mlflow.runName', value: open.runName },
          ...(parentId ? [{ key: TAG_PARENT, value: parentId }] : []),
        ],
      });
      created = true;
    }
    s = {
      experimentId,
      runId: run.info.run_id,
      artifactUri: run.info.artifact_uri ?? '',
      uploaded: created ? 1 : 0,
      skipped: [],
    };
    stateFile.servers[client.baseUrl] = s;
    await writeSyncState(logDir, stateFile);
  }

  const state = s;
  const start = state.uploaded;
  const save = async (uploaded: number) => {
    state.uploaded = uploaded;
    await writeSyncState(logDir, stateFile);
  };
  let existing: { params: Map<string, string>; metrics: Map<string, Set<string>> } | undefined;
  const serverView = async () => {
    if (!existing) {
      const run = await client.getRun(state.runId);
      existing = {
        params: new Map((run.data.params ?? []).map((p) => [p.key, p.value])),
        metrics: new Map(),
      };
    }
    return existing;
  };
  const metricId = (m: Metric) => `${m.step}|${m.timestamp}|${Number.isNaN(m.value) ? 'NaN' : m.value}`;

  let i = state.uploaded;
  while (i < events.length) {
    const e = events[i];
    try {
      if (e.type === 'open') {
        // The run was found (created earlier by a placeholder or another machine): give it this log's identity.
        const parentId = e.parent
          ? await resolveParent(client, state.experimentId, e.parent, options.createMissingParent)
          : undefined;
        await client.logBatch(state.runId, {
          tags: [
            ...kv(e.tags),
            { key: 'mlflow.runName', value: e.runName },
            ...(parentId ? [{ key: TAG_PARENT, value: parentId }] : []),
          ],
        });
        await client.updateRun(state.runId, { runName: e.runName });
        await save(i + 1);
        i++;
        continue;
      }
      if (e.type === 'params' || e.type === 'metrics' || e.type === 'tags') {
        // Gather consecutive data events into one step.
        let j = i;
        const params: KeyValue[] = [];
        let metrics: Metric[] = [];
        const tags: KeyValue[] = [];
        while (j < events.length && params.length + metrics.length + tags.length < STEP_ITEMS) {
          const d = events[j];
          if (d.type === 'params') params.push(...kv(d.params));
          else if (d.type === 'metrics')
            metrics.push(...d.metrics.map((m) => ({ ...m, key: normalizeKey(m.key) })));
          else if (d.type === 'tags') tags.push(...kv(d.tags));
          else break;
          j++;
        }
        const view = params.length > 0 || dedupe ? await serverView() : undefined;
        const newParams = params.filter((p) => {
          const had = view?.params.get(p.key);
          if (had === undefined) return true;
          if (had !== p.value) {
            warn(
              `param "${p.key}" is already "${had}" on run ${state.runId}; MLflow params cannot change, so "${p.value}" is kept only locally`,
            );
          }
          return false;
        });
        if (dedupe && view) {
          for (const key of new Set(metrics.map((m) => m.key))) {
            if (!view.metrics.has(key)) {
              view.metrics.set(key, new Set((await client.getMetricHistory(state.runId, key)).map(metricId)));
            }
          }
          metrics = metrics.filter((m) => !view.metrics.get(m.key)!.has(metricId(m)));
        }
        await client.logBatch(state.runId, { params: newParams, metrics, tags });
        for (const p of newParams) view?.params.set(p.key, p.value);
        await save(j);
        i = j;
        continue;
      }
      if (e.type === 'artifact') {
        await client.uploadArtifact(state.artifactUri, join(logDir, e.file), e.artifactPath);
      } else if (e.type === 'reopen') {
        await client.updateRun(state.runId, { status: 'RUNNING' });
      } else if (e.type === 'end') {
        await client.updateRun(state.runId, { status: e.status, endTime: e.at });
      }
      await save(i + 1);
      i++;
    } catch (err) {
      if (err instanceof ParentNotOnServerError) {
        return {
          runId: state.runId,
          experimentId: state.experimentId,
          created,
          uploadedEvents: i - start,
          pendingEvents: events.length - i,
        };
      }
      if (
        err instanceof MlflowError &&
        err.errorCode === 'RESOURCE_DOES_NOT_EXIST' &&
        !options.retriedAfterReset
      ) {
        // The run recorded in sync-state.json is gone (a fresh server store at the same URL): forget it and
        // start over; the run is then found by its tracking id or created, and nothing is sent twice.
        warn(
          `run ${state.runId} of ${join(logDir, 'events.jsonl')} is not on ${client.baseUrl} any more; uploading again`,
        );
        delete stateFile.servers[client.baseUrl];
        await writeSyncState(logDir, stateFile);
        return syncRunLog({ ...options, retriedAfterReset: true });
      }
      if (err instanceof MlflowError && !err.transient) {
        // Refused for good (a bad value, a missing artifact file): record it and go on, or the log stays stuck.
        const reason = err.message;
        warn(`${join(logDir, 'events.jsonl')} event ${i + 1} (${e.type}) was refused and skipped: ${reason}`);
        state.skipped.push({ index: i, reason });
        await save(i + 1);
        i++;
        continue;
      }
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && e.type === 'artifact') {
        const reason = `local copy ${e.file} is missing`;
        warn(`${join(logDir, 'events.jsonl')} event ${i + 1}: ${reason}; skipped`);
        state.skipped.push({ index: i, reason });
        await save(i + 1);
        i++;
        continue;
      }
      throw err;
    }
  }
  return {
    runId: state.runId,
    experimentId: state.experimentId,
    created,
    uploadedEvents: i - start,
    pendingEvents: 0,
  };
}
