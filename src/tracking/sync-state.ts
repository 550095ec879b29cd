/**
 * What of a run's event log has reached which server: `<runDir>/tracking/sync-state.json`, keyed by the
 * server's base URL (without credentials). Written atomically after every upload step, so a crash or an
 * outage resumes exactly where it stopped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';

export const SYNC_STATE_FILE = 'sync-state.json';

export interface ServerSyncState {
  experimentId: string;
  runId: string;
  artifactUri: string;
  /** Number of events of the log already uploaded (a prefix of the log). */
  uploaded: number;
  /** Events the server refused for good (e.g. a param changed value): index and reason, kept for the user. */
  skipped: Array<{ index: number; reason: string }>;
}

export interface SyncStateFile {
  version: 1;
  servers: Record<string, ServerSyncState>;
}

export function readSyncState(logDir: string): SyncStateFile {
  const file = join(logDir, SYNC_STATE_FILE);
  if (!existsSync(file)) return { version: 1, servers: {} };
  return JSON.parse(readFileSync(file, 'utf8')) as SyncStateFile;
}

export async function writeSyncState(logDir: string, state: SyncStateFile): Promise<void> {
  await writeFileAtomic(join(logDir, SYNC_STATE_FILE), JSON.stringify(state, null, 2) + '\n');
}
