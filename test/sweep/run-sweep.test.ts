import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localRunner } from '../../runners/local/index.js';
import { installInterruptHandler } from '../../src/sweep/interrupt-handler.js';
import { planResume, runSweep } from '../../src/sweep/run-sweep.js';
import { foldSweepState, loadSweepState, type SweepState } from '../../src/sweep/sweep-state.js';
import { expectedMetrics, fixturePlans, type FixtureTrial } from '../fixtures/trials/plans.js';

const ORCHESTRATOR = join(import.meta.dirname, '..', 'fixtures', 'trials', 'orchestrator.ts');
const local = { type: 'local', kill_grace_s: 5, gpus: 0 };

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'run-sweep-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const metricsOf = (s: SweepState): Record<string, unknown> =>
  Object.fromEntries([...s.trials.values()].map((t) => [t.trialId, [t.state, t.metrics ?? t.reason]]));

/** Runs the orchestrator fixture as its own process; `killAfter` SIGKILLs it after that many completed trials. */
function orchestrate(
  sweepDir: string,
  trialsFile: string,
  killAfter?: number,
): Promise<{ code: number | null; signal: string | null; completed: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', ORCHESTRATOR, sweepDir, trialsFile, '--workers', '2'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let completed = 0;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (JSON.parse(line).kind === 'completed' && ++completed === killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, completed }));
  });
}

describe('runSweep', () => {
  it('after the orchestrator is SIGKILLed mid-sweep, the same command completes only the unfinished trials with the results of an uninterrupted sweep', async () => {
    await withDir(async (dir) => {
      const trials: FixtureTrial[] = [
        { id: 't0', lr: 0.1, epochs: 2, epochMs: 40 },
        { id: 't1', lr: 0.2, epochs: 12, epochMs: 60 },
        { id: 't2', lr: 0.3, epochs: 12, epochMs: 60 },
        { id: 't3', lr: 0.4, epochs: 12, epochMs: 60 },
      ];
      const trialsFile = join(dir, 'trials.json');
      await writeFile(trialsFile, JSON.stringify(trials));
      const [killed, reference] = await Promise.all([
        orchestrate(join(dir, 'killed'), trialsFile, 1),
        runSweep({
          plans: fixturePlans(join(dir, 'reference'), trials),
          runner: localRunner,
          sweepDir: join(dir, 'reference'),
          runnerOptions: local,
          parallelism: 1,
        }),
      ]);
      assert.equal(killed.signal, 'SIGKILL');
      const before = await loadSweepState(join(dir, 'killed'));
      const doneBefore = [...before.trials.values()]
        .filter((t) => t.state === 'completed')
        .map((t) => t.trialId);
      assert.ok(
        doneBefore.includes('t0') && doneBefore.length < 4,
        `completed before the kill: ${doneBefore}`,
      );

      const resumed = await orchestrate(join(dir, 'killed'), trialsFile);
      assert.equal(resumed.code, 0);
      assert.equal(resumed.completed, 4 - doneBefore.length, 'only the unfinished trials run again');
      const after = await loadSweepState(join(dir, 'killed'));
      assert.deepEqual(metricsOf(after), metricsOf(reference.state));
      assert.deepEqual(metricsOf(after).t3, ['completed', expectedMetrics(trials[3])]);
      for (const id of doneBefore) {
        const runs = await readFile(join(dir, 'killed', 'trials', id, 'runs.txt'), 'utf8');
        assert.equal(runs.trim().split('\n').length, 1, `${id} ran again`);
      }
    });
  });

  it('records failing trials with their reasons, completes the rest, exits 1, and reruns them only with retryFailed', async () => {
    await withDir(async (sweepDir) => {
      const plans = fixturePlans(sweepDir, [
        { id: 'ok' },
        { id: 'throws', mode: 'throw' },
        { id: 'exits', mode: 'exit' },
        { id: 'killed', mode: 'sigkill' },
      ]);
      const first = await runSweep({
        plans,
        runner: localRunner,
        sweepDir,
        runnerOptions: local,
        parallelism: 2,
      });
      assert.equal(first.exitCode, 1);
      assert.deepEqual(first.counts, {
        pending: 0,
        submitted: 0,
        running: 0,
        completed: 1,
        failed: 3,
        killed: 0,
      });
      const reasons = metricsOf(first.state);
      assert.match(
        String((reasons.throws as unknown[])[1]),
        /^exited with code 1: Error: fixture trial throws threw on purpose/,
      );
      assert.match(String((reasons.exits as unknown[])[1]), /^exited with code 3/);
      assert.match(String((reasons.killed as unknown[])[1]), /^killed by SIGKILL/);

      const again = await runSweep({ plans, runner: localRunner, sweepDir, runnerOptions: local });
      assert.deepEqual(
        [again.skipped, again.leftFailed, again.launched],
        [['ok'], ['throws', 'exits', 'killed'], []],
      );
      assert.equal(again.exitCode, 1);

      const retried = await runSweep({
        plans,
        runner: localRunner,
        sweepDir,
        runnerOptions: local,
        retryFailed: true,
      });
      assert.deepEqual(retried.launched, ['throws', 'exits', 'killed']);
      assert.equal(retried.state.trials.get('exits')?.attempts, 2);
    });
  });

  it('on abort stops launching, records running trials as killed, exits 130, and the next run finishes them', async () => {
    await withDir(async (sweepDir) => {
      const trials: FixtureTrial[] = [1, 2, 3].map((i) => ({
        id: `t${i}`,
        lr: i / 10,
        epochs: 30,
        epochMs: 20,
      }));
      const plans = fixturePlans(sweepDir, trials);
      const ac = new AbortController();
      const first = await runSweep({
        plans,
        runner: localRunner,
        sweepDir,
        runnerOptions: local,
        parallelism: 1,
        signal: ac.signal,
        onEvent: (e) => {
          if (e.kind === 'progress' && e.progress.epoch === 3) ac.abort();
        },
      });
      assert.equal(first.exitCode, 130);
      assert.deepEqual(first.counts, {
        pending: 2,
        submitted: 0,
        running: 0,
        completed: 0,
        failed: 0,
        killed: 1,
      });
      assert.match(first.state.trials.get('t1')?.reason ?? '', /^stopped by SIGTERM/);
      const second = await runSweep({
        plans,
        runner: localRunner,
        sweepDir,
        runnerOptions: local,
        parallelism: 2,
      });
      assert.equal(second.exitCode, 0);
      assert.deepEqual(metricsOf(second.state).t1, ['completed', expectedMetrics(trials[0])]);
      assert.equal(second.state.trials.get('t1')?.attempts, 2);
    });
  });

  it('refuses to run a sweep folder another live orchestrator holds', async () => {
    await withDir(async (sweepDir) => {
      const plans = fixturePlans(sweepDir, [{ id: 'a', epochs: 3, epochMs: 100 }]);
      const running = runSweep({ plans, runner: localRunner, sweepDir, runnerOptions: local });
      await new Promise((r) => setTimeout(r, 50));
      await assert.rejects(
        runSweep({ plans, runner: localRunner, sweepDir, runnerOptions: local }),
        /another trellis process \(pid \d+\) is running this sweep/,
      );
      assert.equal((await running).exitCode, 0);
    });
  });
});

describe('planResume', () => {
  it('skips completed trials, leaves failed ones unless retrying, re-attaches live handles and relaunches the rest', () => {
    const at = 'x';
    const plans = fixturePlans(
      '/s',
      ['done', 'bad', 'live', 'killed', 'new'].map((id) => ({ id })),
    );
    const state = foldSweepState([
      { kind: 'completed', trialId: 'done', metrics: {}, at },
      { kind: 'failed', trialId: 'bad', reason: 'r', at },
      { kind: 'submitted', trialId: 'live', handle: '5_2', at },
      { kind: 'submitted', trialId: 'killed', handle: '5_3', at },
      { kind: 'killed', trialId: 'killed', reason: 'r', at },
    ]);
    const ids = (r: ReturnType<typeof planResume>): unknown => [
      r.skipped,
      r.leftFailed,
      r.reattach.map((p) => p.trialId),
      r.launch.map((p) => p.trialId),
    ];
    assert.deepEqual(ids(planResume(plans, state, false)), [['done'], ['bad'], ['live'], ['killed', 'new']]);
    assert.deepEqual(ids(planResume(plans, state, true)), [['done'], [], ['live'], ['bad', 'killed', 'new']]);
  });
});

describe('installInterruptHandler', () => {
  it('aborts on the first signal, forces on the second and exits on the third', () => {
    const exits: number[] = [];
    const forced: string[] = [];
    const h = installInterruptHandler({ signals: ['SIGUSR2'], exit: (c) => void exits.push(c) });
    h.onForce(() => forced.push('force'));
    try {
      process.emit('SIGUSR2', 'SIGUSR2');
      assert.deepEqual([h.signal.aborted, h.forceSignal.aborted], [true, false]);
      process.emit('SIGUSR2', 'SIGUSR2');
      assert.deepEqual([h.forceSignal.aborted, forced], [true, ['force']]);
      process.emit('SIGUSR2', 'SIGUSR2');
      assert.deepEqual(exits, [130]);
    } finally {
      h.dispose();
    }
  });
});
