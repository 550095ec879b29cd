import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listExperiments, resolveTarget } from '../../src/report/resolve-targets.js';
import { BASELINE_SCORES, writeTrial } from './trial-fixtures.js';

describe('resolveTarget', () => {
  let cwd: string;
  let artifacts: string;
  before(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'report-resolve-'));
    artifacts = join(cwd, 'artifacts');
    await writeTrial({
      sweepDir: join(artifacts, 'nh-baseline', 'sweep-a'),
      trialId: 't1',
      scores: BASELINE_SCORES,
    });
    await writeTrial({
      sweepDir: join(artifacts, 'nh-baseline', 'sweep-b'),
      trialId: 't2',
      scores: BASELINE_SCORES,
    });
    await writeTrial({
      sweepDir: join(artifacts, 'nh-improved', 'sweep-a'),
      trialId: 't3',
      scores: BASELINE_SCORES,
    });
    await writeTrial({
      sweepDir: join(artifacts, 'nh-improved', 'sweep-a'),
      trialId: 't1',
      scores: BASELINE_SCORES,
    });
    await mkdir(join(artifacts, '.cache', 'stages'), { recursive: true });
    await mkdir(join(artifacts, 'reports', 'old'), { recursive: true });
  });
  after(async () => rm(cwd, { recursive: true }));
  const o = () => ({ cwd, artifacts });

  it('takes an experiment name to the trials of all its sweeps', async () => {
    const t = await resolveTarget('nh-baseline', o());
    assert.equal(t.kind, 'experiment');
    assert.equal(t.name, 'nh-baseline');
    assert.deepEqual(t.trialDirs, [
      join(artifacts, 'nh-baseline', 'sweep-a', 'trials', 't1'),
      join(artifacts, 'nh-baseline', 'sweep-b', 'trials', 't2'),
    ]);
  });

  it('takes a sweep folder, as a path or under artifacts/, to its trials', async () => {
    const byPath = await resolveTarget('artifacts/nh-improved/sweep-a', o());
    const byName = await resolveTarget('nh-improved/sweep-a', o());
    assert.equal(byPath.kind, 'sweep');
    assert.equal(byPath.name, 'nh-improved-sweep-a');
    assert.deepEqual(byPath.trialDirs, byName.trialDirs);
    assert.deepEqual(
      byPath.trialDirs.map((d) => d.slice(-2)),
      ['t1', 't3'],
    );
    assert.equal((await resolveTarget('nh-improved/sweep-a/trials', o())).kind, 'sweep');
  });

  it('takes a trial folder, or a trial id that only one sweep has, to that trial', async () => {
    const folder = await resolveTarget(join(artifacts, 'nh-baseline', 'sweep-b', 'trials', 't2'), o());
    assert.equal(folder.kind, 'trial');
    assert.equal(folder.name, 'nh-baseline-t2');
    assert.deepEqual((await resolveTarget('t3', o())).trialDirs, [
      join(artifacts, 'nh-improved', 'sweep-a', 'trials', 't3'),
    ]);
  });

  it('asks for a folder when a trial id is in several sweeps', async () => {
    await assert.rejects(
      resolveTarget('t1', o()),
      /trial id "t1" is in several sweeps: nh-baseline\/sweep-a\/trials\/t1, nh-improved\/sweep-a\/trials\/t1; name one/,
    );
  });

  it('lists only folders holding sweeps as experiments (not .cache or reports)', async () => {
    assert.deepEqual(await listExperiments(artifacts), ['nh-baseline', 'nh-improved']);
  });

  it('names the experiments and suggests the closest one for an unknown name', async () => {
    await assert.rejects(resolveTarget('nh-basline', o()), (err: Error) => {
      assert.match(
        err.message,
        /^no experiment, sweep or trial "nh-basline" under .*artifacts; experiments there: nh-baseline, nh-improved; did you mean "nh-baseline"\?/,
      );
      return true;
    });
    await assert.rejects(resolveTarget('nh-improved/sweep-x', o()), /did you mean "nh-improved\/sweep-a"\?/);
    await assert.rejects(
      resolveTarget('something-else-entirely', o()),
      (err: Error) => !err.message.includes('did you mean'),
    );
  });

  it('says there are no runs yet when the artifacts folder is empty', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'report-empty-'));
    try {
      await assert.rejects(
        resolveTarget('x', { cwd: empty, artifacts: join(empty, 'artifacts') }),
        /there are no runs there yet \(run `trellis run <spec>` first\)/,
      );
    } finally {
      await rm(empty, { recursive: true });
    }
  });
});
