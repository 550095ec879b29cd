/**
 * `trellis sync`: uploads every run log found under a folder. Sweep (parent) logs go first so trials
 * nest under the real parent; a trial whose parent log is missing gets a placeholder parent that a
 * later sync of that log fills in. Running it again uploads nothing new.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { EVENTS_FILE, readEvents } from './event-log.js';
import { MlflowClient, MlflowError } from './mlflow-client.js';
import { resolveConnection } from './mlflow-config.js';
import { syncRunLog } from './sync-run.js';

export interface SyncToMlflowOptions {
  /** Folder searched recursively for `<...>/tracking/events.jsonl`; default `artifacts`. */
  readonly dir: string;
  /** Server; default MLFLOW_TRACKING_URI. */
  readonly uri?: string;
  /** Pre-built client (tests); wins over `uri`. */
  readonly client?: MlflowClient;
  readonly warn?: (message: string) => void;
}

export interface SyncedRun {
  readonly logDir: string;
  readonly runId: string;
  readonly created: boolean;
  readonly uploadedEvents: number;
  /** Set when this log could not be uploaded (e.g. the server went away); the rest still ran. */
  readonly error?: string;
}

/**
 * A sweep folder's own state log (src/sweep/sweep-state.ts) is also named events.jsonl; its records
 * have a `kind`, tracking events a `type`. Read only the first line: state logs grow long.
 */
function isSweepStateLog(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const line = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8').split('\n')[0];
    const first = JSON.parse(line) as { kind?: unknown; type?: unknown };
    return typeof first.kind === 'string' && first.type === undefined;
  } catch {
    return false; // not ours to judge: readEvents reports a damaged tracking log
  } finally {
    closeSync(fd);
  }
}

/** Folders holding a tracking events.jsonl under `dir`, parents (shallower) first. */
export function findRunLogs(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (name === EVENTS_FILE) {
        if (!isSweepStateLog(p)) out.push(d);
      } else if (name !== 'node_modules' && statSync(p).isDirectory()) walk(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  const depth = (p: string) => relative(dir, p).split(sep).length;
  return out.sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
}

export async function syncToMlflow(options: SyncToMlflowOptions): Promise<SyncedRun[]> {
  let client = options.client;
  if (!client) {
    const uri = options.uri ?? process.env.MLFLOW_TRACKING_URI;
    if (!uri) throw new Error('no MLflow server to sync to: pass --to <uri> or set MLFLOW_TRACKING_URI');
    client = new MlflowClient({ connection: resolveConnection(uri) });
  }
  const results: SyncedRun[] = [];
  for (const logDir of findRunLogs(options.dir)) {
    if (readEvents(logDir).length === 0) continue;
    try {
      const r = await syncRunLog({ client, logDir, createMissingParent: true, warn: options.warn });
      results.push({ logDir, runId: r.runId, created: r.created, uploadedEvents: r.uploadedEvents });
    } catch (err) {
      const message =
        err instanceof MlflowError ? err.message : client.scrub(String((err as Error).message ?? err));
      results.push({ logDir, runId: '', created: false, uploadedEvents: 0, error: message });
    }
  }
  return results;
}
