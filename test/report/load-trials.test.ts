import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrials } from '../../src/report/load-trials.js';
import { BASELINE_SCORES, writeTrial } from './trial-fixtures.js';

describe('loadTrials', () => {
  it('takes state and swept values from status.json and the sweep log, and sorts by experiment, sweep and id', async () => {
    const root = await mkdtemp(join(tmpdir(), 'report-load-'));
    try {
      const sweepDir = join(root, 'exp', 's');
      const b = await writeTrial({ sweepDir, trialId: 'b', overrides: { lr: 0.1 }, scores: BASELINE_SCORES });
      const a = await writeTrial({
        sweepDir,
        trialId: 'a',
        overrides: { lr: 0.2 },
        state: 'killed',
        reason: 'stopped: SIGINT',
      });
      const trials = await loadTrials([b, a]);
      assert.deepEqual(
        trials.map((t) => [
          t.experiment,
          t.sweep,
          t.trialId,
          t.state,
          t.reason,
          t.overrides.lr,
          t.results !== undefined,
        ]),
        [
          ['exp', 's', 'a', 'killed', 'stopped: SIGINT', 0.2, false],
          ['exp', 's', 'b', 'completed', undefined, 0.1, true],
        ],
      );
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('reads a results.json written before stages and parameter counts were stored', async () => {
    const root = await mkdtemp(join(tmpdir(), 'report-load-old-'));
    try {
      const dir = join(root, 'exp', 's', 'trials', 't');
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, 'results.json'),
        JSON.stringify({ trialId: 't', metrics: { 'eval/verification_map': 0.5 } }),
      );
      const [t] = await loadTrials([dir]);
      assert.deepEqual(t.results?.stages, {});
      assert.equal(t.results?.metrics['eval/verification_map'], 0.5);
      assert.equal(t.state, 'pending');
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('names the file when results.json is not JSON', async () => {
    const root = await mkdtemp(join(tmpdir(), 'report-load-bad-'));
    try {
      const dir = join(root, 'exp', 's', 'trials', 't');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'results.json'), '{"trialId": ');
      await assert.rejects(loadTrials([dir]), (err: Error) =>
        err.message.startsWith(`${join(dir, 'results.json')}: not valid JSON`),
      );
    } finally {
      await rm(root, { recursive: true });
    }
  });
});
