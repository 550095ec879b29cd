/**
 * The Slurm runner against a real single-node Slurm (scripts/slurm-ci.sh): the runner contract, then a
 * 4-trial sweep with one failing trial compared with the local runner, retry of failed tasks only,
 * detach and re-attach, and the USR1 pre-timeout signal reaching the trial.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localRunner } from '../../runners/local/index.js';
import { slurmRunner } from '../../runners/slurm/index.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import type { SweepState } from '../../src/sweep/sweep-state.js';
import { expectedMetrics, fixturePlans, type FixtureTrial } from '../fixtures/trials/plans.js';
import { runnerContract } from '../runners/contract.js';
import { clusterHasGpus, startSlurmCluster, type SlurmCluster } from './slurm-cluster.js';

let cluster: SlurmCluster | undefined;
before(async () => {
  cluster = await startSlurmCluster();
  if (cluster.skipReason) console.log(`# Slurm integration tests skipped: ${cluster.skipReason}`);
});
after(() => cluster?.down());

const slurm = { type: 'slurm', poll_interval_s: 1, signal_before_timeout_s: 30 };
const available = (): boolean => cluster !== undefined && !cluster.skipReason;

runnerContract('slurm', () =>
  available()
    ? { runner: slurmRunner, options: slurm, tmpRoot: tmpdir(), forwardsProgress: true }
    : undefined,
);

const results = (s: SweepState): Record<string, unknown> =>
  Object.fromEntries(
    [...s.trials.values()].map((t) => [
      t.trialId,
      { state: t.state, metrics: t.metrics, reason: t.reason, exit: t.exit },
    ]),
  );

describe('Slurm sweeps', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slurm-sweep-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a 4-trial sweep with a failing trial in chunked arrays, with the same results as the local runner, and retries only the failed task', async (t) => {
    if (!available()) return t.skip(cluster?.skipReason ?? 'no Slurm');
    const trials: FixtureTrial[] = [
      { id: 'lr-0.1', lr: 0.1 },
      { id: 'lr-0.2', lr: 0.2, epochs: 3 },
      { id: 'bad', lr: 0.3, mode: 'exit' },
      { id: 'lr-0.4', lr: 0.4 },
    ];
    const onSlurm = await runSweep({
      plans: fixturePlans(join(dir, 'slurm'), trials),
      runner: slurmRunner,
      sweepDir: join(dir, 'slurm'),
      runnerOptions: { ...slurm, max_array_size: 3 },
    });
    const onLocal = await runSweep({
      plans: fixturePlans(join(dir, 'local'), trials),
      runner: localRunner,
      sweepDir: join(dir, 'local'),
      runnerOptions: { type: 'local', gpus: 0 },
    });
    assert.equal(onSlurm.exitCode, 1);
    assert.deepEqual(results(onSlurm.state), results(onLocal.state));
    assert.deepEqual(results(onSlurm.state)['lr-0.2'], {
      state: 'completed',
      metrics: expectedMetrics(trials[1]),
      reason: undefined,
      exit: undefined,
    });
    assert.deepEqual(onSlurm.state.trials.get('bad')?.exit, { code: 3, signal: null });

    const handles = [...onSlurm.state.trials.values()].map((tr) => tr.handle ?? '');
    const jobs = new Set(handles.map((h) => h.split('_')[0]));
    assert.equal(jobs.size, 2, `4 trials with max_array_size 3 make two arrays: ${handles}`);
    for (const tr of trials) {
      const trialDir = join(dir, 'slurm', 'trials', tr.id);
      const exit = JSON.parse(await readFile(join(trialDir, 'exit.json'), 'utf8'));
      assert.deepEqual([exit.code, exit.signal], tr.mode === 'exit' ? [3, null] : [0, null]);
      const log = await readFile(join(trialDir, 'stdout.log'), 'utf8');
      assert.match(
        log,
        new RegExp(
          `===== trellis attempt 1 · slurm ${onSlurm.state.trials.get(tr.id)?.handle} \\(restart 0\\)`,
        ),
      );
      assert.match(log, /epoch 1\/\d loss=/);
    }
    assert.match(
      await readFile(join(dir, 'slurm', 'trials', 'bad', 'stderr.log'), 'utf8'),
      /giving up with exit code 3/,
    );

    const manifestsBefore = (await readdir(join(dir, 'slurm', 'slurm'))).filter((f) => f.endsWith('.tsv'));
    const retried = await runSweep({
      plans: fixturePlans(join(dir, 'slurm'), trials),
      runner: slurmRunner,
      sweepDir: join(dir, 'slurm'),
      runnerOptions: slurm,
      retryFailed: true,
    });
    assert.deepEqual([retried.launched, retried.skipped.length], [['bad'], 3]);
    const bad = retried.state.trials.get('bad');
    assert.deepEqual([bad?.state, bad?.attempts], ['failed', 2]);
    assert.match(bad?.handle ?? '', /^\d+_0$/);
    assert.ok(!jobs.has(bad!.handle!.split('_')[0]), 'the retry is a new array');
    const newManifest = (await readdir(join(dir, 'slurm', 'slurm'))).filter(
      (f) => f.endsWith('.tsv') && !manifestsBefore.includes(f),
    );
    assert.equal(newManifest.length, 1);
    const lines = (await readFile(join(dir, 'slurm', 'slurm', newManifest[0]), 'utf8')).trim().split('\n');
    assert.deepEqual(lines, [`${join(dir, 'slurm', 'trials', 'bad')}\t2`]);
    assert.match(
      await readFile(join(dir, 'slurm', 'trials', 'bad', 'stdout.log'), 'utf8'),
      /===== trellis attempt 2 · slurm/,
    );
  });

  it('submits and returns when detached, and a later run re-attaches to the same jobs without resubmitting', async (t) => {
    if (!available()) return t.skip(cluster?.skipReason ?? 'no Slurm');
    const trials: FixtureTrial[] = [
      { id: 'p', lr: 0.5, epochs: 4, epochMs: 200 },
      { id: 'q', lr: 0.6, epochs: 4, epochMs: 200 },
    ];
    const sweepDir = join(dir, 'detach');
    const plans = fixturePlans(sweepDir, trials);
    const detached = await runSweep({
      plans,
      runner: slurmRunner,
      sweepDir,
      runnerOptions: slurm,
      detach: true,
    });
    assert.equal(detached.exitCode, 0);
    assert.deepEqual(
      [...detached.state.trials.values()].map((tr) => tr.state),
      ['submitted', 'submitted'],
    );
    const attached = await runSweep({ plans, runner: slurmRunner, sweepDir, runnerOptions: slurm });
    assert.deepEqual([attached.reattached, attached.launched, attached.exitCode], [['p', 'q'], [], 0]);
    for (const tr of trials) {
      const s = attached.state.trials.get(tr.id);
      assert.deepEqual(
        [s?.state, s?.attempts, s?.handle, s?.metrics],
        ['completed', 1, detached.state.trials.get(tr.id)?.handle, expectedMetrics(tr)],
      );
    }
  });

  it('forwards the pre-timeout USR1 to the trial, which checkpoints and is recorded as killed, to resume later', async (t) => {
    if (!available()) return t.skip(cluster?.skipReason ?? 'no Slurm');
    const sweepDir = join(dir, 'usr1');
    const plans = fixturePlans(sweepDir, [{ id: 'slow', epochs: 300, epochMs: 50 }]);
    let handle = '';
    const summary = await runSweep({
      plans,
      runner: slurmRunner,
      sweepDir,
      runnerOptions: slurm,
      onEvent: (e) => {
        if (e.kind === 'submitted') handle = e.handle;
        if (e.kind === 'progress' && e.progress.epoch !== undefined && e.progress.epoch >= 2 && handle) {
          // What Slurm does at --signal=B:USR1@N, without waiting for a real time limit (minutes).
          const r = spawnSync('scancel', ['--batch', '--signal=USR1', handle], { encoding: 'utf8' });
          assert.equal(r.status, 0, r.stderr);
          handle = '';
        }
      },
    });
    const slow = summary.state.trials.get('slow');
    assert.equal(slow?.state, 'killed');
    assert.match(slow?.reason ?? '', /^stopped by SIGUSR1 before epoch \d+; checkpoint at epoch \d+$/);
    assert.equal(summary.exitCode, 1);
  });
  it('keeps one history across a Slurm requeue: the restarted task appends attempt 2 to the log and resumes from the checkpoint', async (t) => {
    if (!available()) return t.skip(cluster?.skipReason ?? 'no Slurm');
    const sweepDir = join(dir, 'requeue');
    const trial: FixtureTrial = { id: 'rq', lr: 0.7, epochs: 60, epochMs: 30 };
    let handle = '';
    const summary = await runSweep({
      plans: fixturePlans(sweepDir, [trial]),
      runner: slurmRunner,
      sweepDir,
      runnerOptions: slurm,
      onEvent: (e) => {
        if (e.kind === 'submitted') handle = e.handle;
        if (e.kind === 'progress' && handle) {
          const r = spawnSync('scontrol', ['requeue', handle], { encoding: 'utf8' });
          assert.equal(r.status, 0, r.stderr);
          handle = '';
        }
      },
    });
    const rq = summary.state.trials.get('rq');
    assert.deepEqual([rq?.state, rq?.metrics, rq?.attempts], ['completed', expectedMetrics(trial), 1]);
    const log = await readFile(join(sweepDir, 'trials', 'rq', 'stdout.log'), 'utf8');
    assert.match(
      log,
      /===== trellis attempt 1 · slurm \d+_0 \(restart 0\)[\s\S]*===== trellis attempt 2 · slurm \d+_0 \(restart 1\)/,
    );
    const runs = (await readFile(join(sweepDir, 'trials', 'rq', 'runs.txt'), 'utf8')).trim().split('\n');
    assert.equal(runs.length, 2);
    assert.match(runs[1], /^attempt=2 from_epoch=[1-9]\d* /);
  });
  it('requests GPUs with gres and lets Slurm set CUDA_VISIBLE_DEVICES for each trial', async (t) => {
    if (!available()) return t.skip(cluster?.skipReason ?? 'no Slurm');
    if (!clusterHasGpus()) return t.skip('the cluster has no gpu gres');
    const sweepDir = join(dir, 'gpus');
    const trials: FixtureTrial[] = [
      { id: 'g1', epochs: 10, epochMs: 50 },
      { id: 'g2', epochs: 10, epochMs: 50 },
    ];
    const summary = await runSweep({
      plans: fixturePlans(sweepDir, trials),
      runner: slurmRunner,
      sweepDir,
      runnerOptions: { ...slurm, gres: 'gpu:1' },
    });
    assert.equal(summary.exitCode, 0);
    for (const tr of trials) {
      const runs = await readFile(join(sweepDir, 'trials', tr.id, 'runs.txt'), 'utf8');
      assert.match(runs, /^attempt=1 from_epoch=0 cvd=[01] /, `${tr.id} sees exactly one GPU`);
      const log = await readFile(join(sweepDir, 'trials', tr.id, 'stdout.log'), 'utf8');
      assert.match(log, /CUDA_VISIBLE_DEVICES=[01] SLURM_JOB_GPUS=\S*/);
    }
  });
});
