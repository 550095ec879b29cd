/**
 * MLflow has no heartbeat: a run whose process died stays RUNNING forever. Our runs carry
 * `trellis.host`, `trellis.pid` and `trellis.heartbeat_ms` tags; a RUNNING run is dead when its process
 * is gone (same host, pid not alive) or its heartbeat is older than `staleAfterMs`. Local logs without
 * an end event are judged the same way, so offline runs are closed too when they are synced.
 */
import { hostname } from 'node:os';
import { appendEvents, readEvents } from './event-log.js';
import type { MlflowClient, Run } from './mlflow-client.js';
import { TAG_HEARTBEAT, TAG_HOST, TAG_PID, type EndStatus } from './run-tracker.js';
import { findRunLogs } from './sync-to-mlflow.js';
import { TAG_TRACKING_ID } from './sync-run.js';
import { pidAlive } from '../io/pid-alive.js';

export interface Liveness {
  readonly host?: string;
  readonly pid?: number;
  readonly heartbeatMs?: number;
}

export interface CloseStaleRunsOptions {
  /** Check this experiment's RUNNING runs on the server. */
  readonly client?: MlflowClient;
  readonly experiment?: string;
  /** Check local logs under this folder. */
  readonly dir?: string;
  /** Default 15 minutes: longer than any flush interval or epoch without a flush we expect. */
  readonly staleAfterMs?: number;
  /** Default FAILED: the process ended without saying how. */
  readonly status?: EndStatus;
  readonly now?: number;
  readonly isPidAlive?: (pid: number) => boolean;
}

export interface ClosedRun {
  readonly where: 'server' | 'local';
  /** MLflow run id or log folder. */
  readonly id: string;
  readonly reason: string;
}

/** Why the run's owner is dead, or undefined if it may still be alive. Pure. */
export function deadReason(
  l: Liveness,
  o: { now: number; staleAfterMs: number; host: string; isPidAlive: (pid: number) => boolean },
): string | undefined {
  if (l.pid === process.pid && l.host === o.host) return undefined;
  if (l.host === o.host && l.pid !== undefined && !o.isPidAlive(l.pid))
    return `process ${l.pid} on ${l.host} is gone`;
  if (l.heartbeatMs !== undefined && o.now - l.heartbeatMs > o.staleAfterMs) {
    return `no heartbeat for ${Math.round((o.now - l.heartbeatMs) / 1000)} s`;
  }
  return undefined;
}

function livenessOfRun(run: Run): Liveness {
  const tag = (k: string) => run.data.tags?.find((t) => t.key === k)?.value;
  const pid = Number(tag(TAG_PID));
  const hb = Number(tag(TAG_HEARTBEAT) ?? run.info.start_time);
  return {
    host: tag(TAG_HOST),
    pid: Number.isFinite(pid) ? pid : undefined,
    heartbeatMs: Number.isFinite(hb) ? hb : undefined,
  };
}

function livenessOfLog(logDir: string): { live: Liveness; ended: boolean } {
  const l: { host?: string; pid?: number; heartbeatMs?: number } = {};
  let ended = false;
  for (const e of readEvents(logDir)) {
    const tags = e.type === 'open' || e.type === 'tags' ? e.tags : undefined;
    if (e.type === 'open') l.heartbeatMs = e.at;
    if (e.type === 'reopen') ended = false;
    if (e.type === 'end') ended = true;
    if (tags?.[TAG_HOST]) l.host = tags[TAG_HOST];
    if (tags?.[TAG_PID]) l.pid = Number(tags[TAG_PID]);
    if (tags?.[TAG_HEARTBEAT]) l.heartbeatMs = Number(tags[TAG_HEARTBEAT]);
  }
  return { live: l, ended };
}

/** Closes runs left RUNNING by dead processes (server and/or local logs); returns what it closed. */
export async function closeStaleRuns(o: CloseStaleRunsOptions): Promise<ClosedRun[]> {
  const ctx = {
    now: o.now ?? Date.now(),
    staleAfterMs: o.staleAfterMs ?? 15 * 60_000,
    host: hostname(),
    isPidAlive: o.isPidAlive ?? pidAlive,
  };
  const status = o.status ?? 'FAILED';
  const closed: ClosedRun[] = [];
  if (o.dir) {
    for (const logDir of findRunLogs(o.dir)) {
      const { live, ended } = livenessOfLog(logDir);
      const reason = ended ? undefined : deadReason(live, ctx);
      if (!reason) continue;
      appendEvents(logDir, [
        { type: 'tags', tags: { 'trellis.closed_reason': reason } },
        { type: 'end', at: live.heartbeatMs ?? ctx.now, status },
      ]);
      closed.push({ where: 'local', id: logDir, reason });
    }
  }
  if (o.client && o.experiment) {
    const exp = await o.client.getExperimentByName(o.experiment);
    if (exp && exp.lifecycle_stage !== 'deleted') {
      const runs = await o.client.searchRuns({
        experimentIds: [exp.experiment_id],
        filter: `attributes.status = 'RUNNING' AND tags.\`${TAG_TRACKING_ID}\` != ''`,
      });
      for (const run of runs) {
        const live = livenessOfRun(run);
        const reason = deadReason(live, ctx);
        if (!reason) continue;
        await o.client.setTag(run.info.run_id, 'trellis.closed_reason', reason);
        await o.client.updateRun(run.info.run_id, { status, endTime: live.heartbeatMs ?? ctx.now });
        closed.push({ where: 'server', id: run.info.run_id, reason });
      }
    }
  }
  return closed;
}
