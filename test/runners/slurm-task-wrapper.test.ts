/**
 * The Slurm task wrapper run directly by bash with the variables Slurm would set, so its attempt headers,
 * signal forwarding and exit files are checked on any machine (the real-Slurm test is in test/integration).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  manifestLine,
  readExitFile,
  TASK_WRAPPER,
  writeTrialCommand,
} from '../../runners/slurm/task-wrapper.js';
import type { TrialPlan } from '../../src/sweep/runner.js';
import { readTrialStatus } from '../../src/sweep/state-trial-status.js';
import { fixturePlans, type FixtureTrial } from '../fixtures/trials/plans.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'task-wrapper-'));
  await writeFile(join(dir, 'task.sh'), TASK_WRAPPER, { mode: 0o755 });
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the wrapper as array task 0 of job 77; `onLine` sees the trial's stdout.log growing. */
async function runTask(
  trial: FixtureTrial,
  opts: { attempt?: number; restart?: number; onStarted?: (pid: number) => void } = {},
): Promise<{ plan: TrialPlan; code: number | null }> {
  const [plan] = fixturePlans(join(dir, trial.id), [trial]);
  await writeTrialCommand({ ...plan, env: { FIXTURE_ENV: 'yes' } });
  await writeFile(join(plan.trialDir, 'plan.json'), JSON.stringify(plan));
  const manifest = join(dir, trial.id, 'manifest.tsv');
  await writeFile(manifest, manifestLine(plan, opts.attempt ?? 1) + '\n');
  const child = spawn('bash', [join(dir, 'task.sh'), manifest], {
    env: {
      ...process.env,
      SLURM_ARRAY_TASK_ID: '0',
      SLURM_ARRAY_JOB_ID: '77',
      SLURM_RESTART_COUNT: String(opts.restart ?? 0),
    },
    stdio: 'ignore',
  });
  opts.onStarted?.(child.pid!);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { plan, code };
}

describe('Slurm task wrapper', () => {
  it('runs the trial of its manifest line with an attempt header that counts requeues, and records exit code 0', async () => {
    const { plan, code } = await runTask({ id: 'ok', epochs: 1 }, { attempt: 2, restart: 1 });
    assert.equal(code, 0);
    const log = await readFile(join(plan.trialDir, 'stdout.log'), 'utf8');
    assert.match(
      log,
      /^\n===== trellis attempt 3 · slurm 77_0 \(restart 1\) on \S+ CUDA_VISIBLE_DEVICES=\S* SLURM_JOB_GPUS= · \S+ =====\ntrial ok: mode=ok/,
    );
    assert.match(
      await readFile(join(plan.trialDir, 'runs.txt'), 'utf8'),
      /^attempt=3 from_epoch=0 cvd=\S* env=yes\n$/,
    );
    assert.deepEqual(await readExitFile(plan.trialDir, '77_0'), {
      job: '77_0',
      attempt: 3,
      restart: 1,
      exit: { code: 0, signal: null },
    });
    assert.equal(await readExitFile(plan.trialDir, '78_0'), undefined);
  });

  it('records a non-zero exit code and a killing signal, and exits with them', async () => {
    const exits = await runTask({ id: 'exits', mode: 'exit', epochs: 1 });
    assert.equal(exits.code, 3);
    assert.deepEqual((await readExitFile(exits.plan.trialDir, '77_0'))?.exit, { code: 3, signal: null });
    const killed = await runTask({ id: 'killed', mode: 'sigkill', epochs: 1 });
    assert.equal(killed.code, 137);
    assert.deepEqual((await readExitFile(killed.plan.trialDir, '77_0'))?.exit, {
      code: null,
      signal: 'SIGKILL',
    });
  });

  it('forwards USR1 (the pre-timeout signal) to the trial, which checkpoints and reports itself killed', async () => {
    let wrapperPid = 0;
    const trialDir = join(dir, 'slow', 'trials', 'slow');
    const poll = setInterval(() => {
      void readFile(join(trialDir, 'stdout.log'), 'utf8')
        .then((log) => {
          if (wrapperPid && /epoch 2\//.test(log)) {
            process.kill(wrapperPid, 'SIGUSR1');
            wrapperPid = 0;
          }
        })
        .catch(() => undefined);
    }, 20);
    try {
      const { plan, code } = await runTask(
        { id: 'slow', epochs: 500, epochMs: 20 },
        { onStarted: (pid) => (wrapperPid = pid) },
      );
      assert.equal(code, 0);
      const status = await readTrialStatus(plan.trialDir);
      assert.equal(status?.state, 'killed');
      assert.match(status?.reason ?? '', /^stopped by SIGUSR1 before epoch \d+; checkpoint at epoch \d+$/);
      assert.deepEqual((await readExitFile(plan.trialDir, '77_0'))?.exit, { code: 0, signal: null });
    } finally {
      clearInterval(poll);
    }
  });

  it("moves the previous attempt's status aside before starting", async () => {
    const [plan] = fixturePlans(join(dir, 'prev'), [{ id: 'prev' }]);
    await writeTrialCommand(plan);
    await writeFile(join(plan.trialDir, 'status.json'), JSON.stringify({ trialId: 'prev', state: 'killed' }));
    await runTask({ id: 'prev', mode: 'throw', epochs: 1 });
    assert.equal((await readTrialStatus(plan.trialDir))?.state, 'running');
    assert.equal(
      JSON.parse(await readFile(join(plan.trialDir, 'status.previous.json'), 'utf8')).state,
      'killed',
    );
  });
});
