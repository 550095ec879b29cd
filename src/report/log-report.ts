/**
 * `trellis report --mlflow`: adds the report files to the sweep's parent run as artifacts under `report/`.
 * The sweep run is reopened through its own offline log (openSweepRun on the sweep folder continues the
 * run recorded there, found by its tracking id), the files are logged, and the run is ended again with
 * the status it had, so a FAILED sweep stays FAILED.
 */
import { join } from 'node:path';
import { readEvents } from '../tracking/event-log.js';
import type { MlflowClient } from '../tracking/mlflow-client.js';
import { DEFAULT_OFFLINE_DIR, openSweepRun } from '../tracking/open-run.js';

export const REPORT_ARTIFACT_PATH = 'report';

export interface LogReportOptions {
  readonly sweepDir: string;
  /** `tracking.offline_dir` of the sweep's spec. */
  readonly offlineDir?: string;
  readonly files: readonly string[];
  /** Default: MLFLOW_TRACKING_URI (none: recorded locally for `trellis sync`); null: local only. */
  readonly client?: MlflowClient | null;
  readonly warn?: (message: string) => void;
}

export type LogReportResult =
  | { readonly logged: true; readonly trackingId: string }
  | { readonly logged: false; readonly reason: string };

export async function logReportToSweepRun(o: LogReportOptions): Promise<LogReportResult> {
  const logDir = join(o.sweepDir, o.offlineDir ?? DEFAULT_OFFLINE_DIR);
  const events = readEvents(logDir);
  const open = events[0];
  if (!open || open.type !== 'open') {
    return {
      logged: false,
      reason: `no sweep run recorded in ${join(logDir, 'events.jsonl')} (was the sweep run with another tracking.offline_dir?)`,
    };
  }
  const lastStart = events.map((e) => e.type === 'open' || e.type === 'reopen').lastIndexOf(true);
  const end = events.slice(lastStart).find((e) => e.type === 'end');
  if (!end || end.type !== 'end') {
    // Appending to the log of a live orchestrator would interleave two writers.
    return {
      logged: false,
      reason: `the sweep run ${open.trackingId} is still open (the sweep is running, or its orchestrator died: \`trellis run\` the spec again to close it); report not logged`,
    };
  }
  const tracker = openSweepRun({
    experiment: open.experiment,
    sweepId: open.trackingId,
    sweepDir: o.sweepDir,
    runName: open.runName,
    offlineDir: o.offlineDir,
    ...(o.client !== undefined ? { client: o.client } : {}),
    warn: o.warn,
  });
  for (const f of o.files) tracker.logArtifact(f, REPORT_ARTIFACT_PATH);
  await tracker.end(end.status);
  return { logged: true, trackingId: open.trackingId };
}
