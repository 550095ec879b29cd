import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeStaleRuns, deadReason } from '../../src/tracking/close-stale-runs.js';
import { appendEvents, readEvents } from '../../src/tracking/event-log.js';

const ctx = { now: 1_000_000, staleAfterMs: 60_000, host: 'node1', isPidAlive: (pid: number) => pid === 42 };

describe('deadReason', () => {
  it('calls a run dead when its process on this host is gone', () => {
    assert.equal(
      deadReason({ host: 'node1', pid: 7, heartbeatMs: ctx.now }, ctx),
      'process 7 on node1 is gone',
    );
  });
  it('keeps a run whose process is alive and whose heartbeat is fresh', () => {
    assert.equal(deadReason({ host: 'node1', pid: 42, heartbeatMs: ctx.now - 1000 }, ctx), undefined);
  });
  it('calls a run on another host dead only when its heartbeat is stale', () => {
    assert.equal(deadReason({ host: 'node2', pid: 7, heartbeatMs: ctx.now - 1000 }, ctx), undefined);
    assert.equal(
      deadReason({ host: 'node2', pid: 7, heartbeatMs: ctx.now - 120_000 }, ctx),
      'no heartbeat for 120 s',
    );
  });
});

describe('closeStaleRuns (local logs)', () => {
  it('ends logs of dead processes as FAILED and leaves live and ended ones alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stale-'));
    const open = (id: string, pid: number) => ({
      type: 'open' as const,
      v: 1,
      at: Date.now(),
      trackingId: id,
      experiment: 'e',
      runName: id,
      tags: { 'trellis.host': hostname(), 'trellis.pid': String(pid) },
    });
    appendEvents(join(dir, 'dead', 'tracking'), [open('dead', 999_999)]);
    appendEvents(join(dir, 'live', 'tracking'), [open('live', 42)]);
    appendEvents(join(dir, 'done', 'tracking'), [
      open('done', 999_999),
      { type: 'end', at: 1, status: 'FINISHED' },
    ]);
    const closed = await closeStaleRuns({ dir, isPidAlive: (p) => p === 42 });
    assert.deepEqual(
      closed.map((c) => [c.id, c.reason]),
      [[join(dir, 'dead', 'tracking'), `process 999999 on ${hostname()} is gone`]],
    );
    assert.deepEqual(
      readEvents(join(dir, 'dead', 'tracking')).at(-1)?.type === 'end' &&
        readEvents(join(dir, 'dead', 'tracking')).at(-1),
      {
        type: 'end',
        at: (readEvents(join(dir, 'dead', 'tracking')).at(-1) as { at: number }).at,
        status: 'FAILED',
      },
    );
    assert.equal(readEvents(join(dir, 'live', 'tracking')).length, 1);
    assert.equal((await closeStaleRuns({ dir, isPidAlive: (p) => p === 42 })).length, 0);
  });
});
