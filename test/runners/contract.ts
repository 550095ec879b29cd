/**
 * The behaviour every runner owes the orchestrator, run against local (test/runners/local.test.ts) and
 * Slurm (test/integration/slurm.test.ts) with the same real trial programs.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunContext, Runner, TrialEvent, TrialPlan } from '../../src/sweep/runner.js';
import { readTrialStatus } from '../../src/sweep/state-trial-status.js';
import { expectedMetrics, fixturePlans, type FixtureTrial } from '../fixtures/trials/plans.js';

export interface ContractTarget {
  readonly runner: Runner;
  readonly options: Readonly<Record<string, unknown>>;
  /** A folder visible to wherever trials run. */
  readonly tmpRoot: string;
  /** Whether progress lines arrive as events while the trial runs. */
  readonly forwardsProgress: boolean;
}

export async function collectEvents(
  runner: Runner,
  plans: readonly TrialPlan[],
  ctx: Partial<RunContext> & { options: Readonly<Record<string, unknown>> },
  onEvent?: (e: TrialEvent) => void,
): Promise<TrialEvent[]> {
  const events: TrialEvent[] = [];
  for await (const e of runner.run(plans, { signal: new AbortController().signal, ...ctx })) {
    events.push(e);
    onEvent?.(e);
  }
  return events;
}

export function endsOf(events: readonly TrialEvent[]): Map<string, TrialEvent> {
  const ends = new Map<string, TrialEvent>();
  for (const e of events) {
    if (e.kind === 'completed' || e.kind === 'failed' || e.kind === 'killed') {
      assert.ok(!ends.has(e.trialId), `trial ${e.trialId} ended twice`);
      ends.set(e.trialId, e);
    }
  }
  return ends;
}

export function runnerContract(name: string, target: () => ContractTarget | undefined): void {
  describe(`runner contract: ${name}`, () => {
    let t: ContractTarget;
    let dir: string;
    let skip = false;
    before(async () => {
      const got = target();
      if (!got) {
        skip = true;
        return;
      }
      t = got;
      dir = await mkdtemp(join(t.tmpRoot, 'contract-'));
    });
    after(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });
    const sweep = (sub: string, trials: FixtureTrial[]): TrialPlan[] => fixturePlans(join(dir, sub), trials);
    const prepare = async (plans: TrialPlan[]): Promise<void> => {
      const { writeFileAtomic } = await import('../../src/io/atomic-write.js');
      for (const p of plans) await writeFileAtomic(join(p.trialDir, 'plan.json'), JSON.stringify(p));
    };

    it('runs every trial and reports the metrics each trial wrote to its status file', async (ctx) => {
      if (skip) return ctx.skip('runner not available');
      const trials: FixtureTrial[] = [
        { id: 'a', lr: 0.1 },
        { id: 'b', lr: 0.01 },
        { id: 'c', lr: 0.5, epochs: 3 },
      ];
      const plans = sweep('ok', trials).map((p) => ({ ...p, env: { FIXTURE_ENV: `for ${p.trialId}` } }));
      await prepare(plans);
      const events = await collectEvents(t.runner, plans, { options: t.options, parallelism: 2 });
      const ends = endsOf(events);
      for (const tr of trials) {
        assert.deepEqual(ends.get(tr.id), {
          ...ends.get(tr.id),
          kind: 'completed',
          metrics: expectedMetrics(tr),
        });
        assert.ok(
          events.some((e) => e.kind === 'submitted' && e.trialId === tr.id),
          `no submitted event for ${tr.id}`,
        );
        assert.equal((await readTrialStatus(join(dir, 'ok', 'trials', tr.id)))?.state, 'completed');
        const runs = await readFile(join(dir, 'ok', 'trials', tr.id, 'runs.txt'), 'utf8');
        assert.match(
          runs,
          new RegExp(`^attempt=1 from_epoch=0 cvd=\\S* env=for ${tr.id}\n$`),
          "the plan's env reaches the trial",
        );
      }
      if (t.forwardsProgress) {
        const progress = events.filter((e) => e.kind === 'progress' && e.trialId === 'c');
        assert.deepEqual(
          progress.map((e) => (e.kind === 'progress' ? e.progress.epoch : undefined)),
          [1, 2, 3],
        );
      }
    });

    it('records a trial that throws, one that exits non-zero and one killed by a signal as failed with the reason, and completes the rest', async (ctx) => {
      if (skip) return ctx.skip('runner not available');
      const plans = sweep('bad', [
        { id: 'fine', lr: 0.2 },
        { id: 'throws', mode: 'throw' },
        { id: 'exits', mode: 'exit' },
        { id: 'killed', mode: 'sigkill' },
      ]);
      await prepare(plans);
      const ends = endsOf(await collectEvents(t.runner, plans, { options: t.options, parallelism: 4 }));
      assert.equal(ends.get('fine')?.kind, 'completed');
      const reason = (id: string): string => {
        const e = ends.get(id);
        assert.equal(e?.kind, 'failed', `${id}: ${JSON.stringify(e)}`);
        return e.kind === 'failed' ? e.reason : '';
      };
      assert.match(reason('throws'), /^exited with code 1: Error: fixture trial throws threw on purpose$/);
      assert.match(reason('exits'), /^exited with code 3: fixture trial exits: giving up with exit code 3$/);
      assert.match(reason('killed'), /^killed by SIGKILL/);
      const status = await readTrialStatus(join(dir, 'bad', 'trials', 'exits'));
      assert.deepEqual([status?.state, status?.writtenBy, status?.exit?.code], ['failed', 'runner', 3]);
    });

    it('appends every attempt to stdout.log and stderr.log under an attempt header', async (ctx) => {
      if (skip) return ctx.skip('runner not available');
      const plans = sweep('logs', [{ id: 'x', epochs: 1 }]);
      await prepare(plans);
      await collectEvents(t.runner, plans, { options: t.options, attempts: { x: 1 } });
      const ends = endsOf(await collectEvents(t.runner, plans, { options: t.options, attempts: { x: 2 } }));
      assert.equal(ends.get('x')?.kind, 'completed');
      const log = await readFile(join(plans[0].trialDir, 'stdout.log'), 'utf8');
      assert.match(
        log,
        /===== trellis attempt 1 [^\n]*=====\ntrial x: mode=ok[^\n]*\nepoch 1\/1 loss=0\.5\n/,
      );
      assert.match(
        log,
        /===== trellis attempt 2 [^\n]*=====\ntrial x: mode=ok[^\n]*resuming after epoch 1\n/,
      );
      assert.match(await readFile(join(plans[0].trialDir, 'stderr.log'), 'utf8'), /trellis attempt 2/);
      assert.equal(
        await readFile(join(plans[0].trialDir, 'runs.txt'), 'utf8').then(
          (s) => s.split('\n').filter(Boolean).length,
        ),
        2,
      );
    });

    it('stops running trials on abort, records them as killed, and a relaunch resumes from the checkpoint', async (ctx) => {
      if (skip) return ctx.skip('runner not available');
      const trials: FixtureTrial[] = [
        { id: 'long1', epochs: 400, epochMs: 50, lr: 0.3 },
        { id: 'long2', epochs: 400, epochMs: 50, lr: 0.4 },
      ];
      const plans = sweep('abort', trials);
      await prepare(plans);
      const ac = new AbortController();
      // Abort once both trials have checkpointed at least one epoch (progress lines come after the checkpoint).
      const checkpointed = new Set<string>();
      const events = await collectEvents(
        t.runner,
        plans,
        { options: t.options, parallelism: 2, signal: ac.signal },
        (e) => {
          if (e.kind === 'progress') checkpointed.add(e.trialId);
          if (checkpointed.size === 2) ac.abort();
        },
      );
      const ends = endsOf(events);
      for (const id of ['long1', 'long2']) {
        const e = ends.get(id);
        assert.equal(e?.kind, 'killed', `${id}: ${JSON.stringify(e)}`);
      }
      // The relaunch finishes quickly: fewer, shorter epochs than the aborted run could have reached.
      const short = plans.map((p) => ({
        ...p,
        overrides: { ...p.overrides, 'fixture.epochs': 150, 'fixture.epoch_ms': 2 },
      }));
      await prepare(short);
      const again = endsOf(
        await collectEvents(t.runner, short, {
          options: t.options,
          parallelism: 2,
          attempts: { long1: 2, long2: 2 },
        }),
      );
      for (const tr of trials) {
        assert.deepEqual(again.get(tr.id), {
          ...again.get(tr.id),
          kind: 'completed',
          metrics: expectedMetrics({ ...tr, epochs: 150 }),
        });
        const runs = (await readFile(join(dir, 'abort', 'trials', tr.id, 'runs.txt'), 'utf8'))
          .trim()
          .split('\n');
        assert.equal(runs.length, 2);
        const from = Number(/^attempt=2 from_epoch=(\d+) /.exec(runs[1])?.[1]);
        assert.ok(from >= 1 && from < 150, `the relaunch should resume from the checkpoint: ${runs[1]}`);
      }
    });
  });
}
