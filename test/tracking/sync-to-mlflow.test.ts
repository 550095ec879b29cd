import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendEvents } from '../../src/tracking/event-log.js';
import { findRunLogs } from '../../src/tracking/sync-to-mlflow.js';
import { openSweepLog } from '../../src/sweep/sweep-state.js';

const open = (id: string) => ({ type: 'open' as const, v: 1, at: 1, trackingId: id, experiment: 'e', runName: id, tags: {} });

describe('findRunLogs', () => {
  it('finds the tracking logs of a sweep folder, parent first, and not the sweep state log beside them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'find-run-logs-'));
    try {
      const sweep = join(dir, 'exp', 'sweep-1');
      const log = openSweepLog(sweep);
      log.append({ kind: 'sweep', runner: 'local', pid: 1, host: 'h', at: new Date(0).toISOString() });
      log.close();
      appendEvents(join(sweep, 'trials', 't1', 'tracking'), [open('sweep-1/t1')]);
      appendEvents(join(sweep, 'tracking'), [open('sweep-1')]);
      assert.deepEqual(findRunLogs(dir), [join(sweep, 'tracking'), join(sweep, 'trials', 't1', 'tracking')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a damaged tracking log in the list so that sync reports it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'find-run-logs-'));
    try {
      mkdirSync(join(dir, 'tracking'));
      writeFileSync(join(dir, 'tracking', 'events.jsonl'), 'not json\n');
      assert.deepEqual(findRunLogs(dir), [join(dir, 'tracking')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
