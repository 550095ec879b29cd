import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EVENTS_FILE,
  foldSweepState,
  loadSweepState,
  openSweepLog,
  parseSweepLog,
  type SweepLogRecord,
} from '../../src/sweep/sweep-state.js';
import { formatStatusTable } from '../../src/sweep/state-table.js';

const at = '2026-01-01T00:00:00.000Z';
const planned = (trialId: string, lr: number): SweepLogRecord => ({
  kind: 'planned',
  trialId,
  overrides: { 'stages.d.optimizer.lr': lr },
  at,
});

describe('sweep state', () => {
  it('folds a trial from planned through submitted and running to completed', () => {
    const s = foldSweepState([
      planned('t1', 0.1),
      { kind: 'submitted', trialId: 't1', handle: '42_0', at },
      { kind: 'started', trialId: 't1', where: 'node1', at },
      { kind: 'completed', trialId: 't1', metrics: { mAP: 0.5 }, at },
    ]);
    assert.deepEqual(s.trials.get('t1'), {
      trialId: 't1',
      state: 'completed',
      attempts: 1,
      overrides: { 'stages.d.optimizer.lr': 0.1 },
      handle: '42_0',
      where: 'node1',
      submittedAt: at,
      startedAt: at,
      endedAt: at,
      metrics: { mAP: 0.5 },
    });
  });

  it('counts a relaunch as a new attempt and forgets the previous failure reason', () => {
    const s = foldSweepState([
      planned('t1', 0.1),
      { kind: 'submitted', trialId: 't1', handle: 'pid:1:1', at },
      { kind: 'failed', trialId: 't1', reason: 'exited with code 3', exit: { code: 3, signal: null }, at },
      { kind: 'submitted', trialId: 't1', handle: 'pid:2:2', at },
    ]);
    const t = s.trials.get('t1')!;
    assert.deepEqual(
      [t.state, t.attempts, t.handle, t.reason, t.exit],
      ['submitted', 2, 'pid:2:2', undefined, undefined],
    );
  });

  it('keeps trials in the order they were planned and counts sweep invocations', () => {
    const s = foldSweepState([
      { kind: 'sweep', runner: 'local', pid: 1, host: 'h', at },
      planned('b', 1),
      planned('a', 2),
      { kind: 'sweep', runner: 'slurm', pid: 2, host: 'h', at },
    ]);
    assert.deepEqual([...s.trials.keys()], ['b', 'a']);
    assert.deepEqual([s.runs, s.runner], [2, 'slurm']);
  });

  it('skips a torn last line when reading the log', () => {
    const text = JSON.stringify(planned('a', 1)) + '\n' + '{"kind":"submitted","trialId":"a","ha';
    const { records, skippedLines } = parseSweepLog(text);
    assert.equal(records.length, 1);
    assert.equal(skippedLines, 1);
  });

  it('cuts a torn last line off before appending, so every later record stays readable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sweep-state-'));
    try {
      await writeFile(join(dir, EVENTS_FILE), JSON.stringify(planned('a', 1)) + '\n{"kind":"submi');
      const log = openSweepLog(dir);
      log.append({ kind: 'submitted', trialId: 'a', handle: 'h', at });
      log.close();
      const text = await readFile(join(dir, EVENTS_FILE), 'utf8');
      assert.equal(text.split('\n').length, 3);
      const state = await loadSweepState(dir);
      assert.deepEqual([state.trials.get('a')?.state, state.skippedLines], ['submitted', 0]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives an empty state for a sweep folder without a log', async () => {
    const state = await loadSweepState(join(tmpdir(), 'no-such-sweep-folder-' + process.pid));
    assert.deepEqual([state.trials.size, state.runs], [0, 0]);
  });
});

describe('formatStatusTable', () => {
  it('shows every trial with its state, attempts, parameters, metrics and reason, and a count per state', () => {
    const s = foldSweepState([
      planned('t-1', 0.1),
      planned('t-2', 0.01),
      { kind: 'submitted', trialId: 't-1', handle: '7_0', at },
      { kind: 'completed', trialId: 't-1', metrics: { mAP: 0.81234 }, at },
      { kind: 'submitted', trialId: 't-2', handle: '7_1', at },
      { kind: 'failed', trialId: 't-2', reason: 'exited with code 3', at },
    ]);
    assert.equal(
      formatStatusTable(s),
      [
        'trial  state      tries  parameters  metrics     where  reason',
        't-1    completed  1      lr=0.1      mAP=0.8123  7_0',
        't-2    failed     1      lr=0.01                 7_1    exited with code 3',
        '2 trials: 1 completed, 1 failed',
        '',
      ].join('\n'),
    );
  });
});
