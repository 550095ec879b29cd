import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { openSweepLog } from '../../src/sweep/sweep-state.js';

async function trellis(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('trellis status', () => {
  it('shows the latest sweep under artifacts/, with a trial the log has not recorded yet taken from its status.json', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'status-cli-'));
    try {
      const sweepDir = join(cwd, 'artifacts', 'exp', 'sweep-1');
      const at = '2026-01-01T00:00:00.000Z';
      const log = openSweepLog(sweepDir);
      log.append({ kind: 'sweep', runner: 'slurm', pid: 1, host: 'h', at });
      for (const id of ['a', 'b']) {
        log.append({
          kind: 'planned',
          trialId: id,
          overrides: { 'x.lr': id === 'a' ? 0.1 : 0.2 },
          trialDir: join(sweepDir, 'trials', id),
          at,
        });
        log.append({ kind: 'submitted', trialId: id, handle: `9_${id === 'a' ? 0 : 1}`, at });
      }
      log.append({ kind: 'failed', trialId: 'a', reason: 'exited with code 3', at });
      log.close();
      await mkdir(join(sweepDir, 'trials', 'b'), { recursive: true });
      await writeFile(
        join(sweepDir, 'trials', 'b', 'status.json'),
        JSON.stringify({ trialId: 'b', state: 'completed', metrics: { mAP: 0.5 } }),
      );

      const r = await trellis(cwd, 'status');
      assert.equal(r.code, 0, r.err);
      assert.equal(
        r.out,
        [
          `sweep ${sweepDir} (slurm runner)`,
          'trial  state       tries  parameters  metrics  where  reason',
          'a      failed      1      lr=0.1               9_0    exited with code 3',
          'b      completed*  1      lr=0.2      mAP=0.5  9_1',
          '2 trials: 1 completed, 1 failed',
          "* from the trial's status.json, not yet in the sweep log: `trellis run` the sweep again to record it",
          '',
        ].join('\n'),
      );
      const json = JSON.parse((await trellis(cwd, 'status', 'exp/sweep-1', '--json')).out);
      assert.equal(
        JSON.parse((await trellis(cwd, 'status', 'sweep-1', '--json')).out).sweepDir,
        sweepDir,
        'a bare sweep name is found under its experiment',
      );
      assert.deepEqual(
        json.trials.map((t: { trialId: string; state: string }) => [t.trialId, t.state]),
        [
          ['a', 'failed'],
          ['b', 'completed'],
        ],
      );
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('says where it looked when there is no sweep', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'status-cli-'));
    try {
      const r = await trellis(cwd, 'status', 'nope');
      assert.equal(r.code, 1);
      assert.match(
        r.err,
        /^trellis status: no sweep found at .*nope or .*artifacts\/nope \(a sweep folder holds events\.jsonl\)/,
      );
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
