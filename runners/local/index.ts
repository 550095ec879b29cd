/**
 * The local runner: every trial in its own process on this machine, `workers` at a time, GPUs handed out
 * through CUDA_VISIBLE_DEVICES. One trial's failure never stops the others.
 */
import { availableParallelism } from 'node:os';
import type { LocalRunnerSpec } from '../../src/schema/generated/experiment.js';
import type { RunContext, Runner, TrialEvent, TrialPlan } from '../../src/sweep/runner.js';
import { EventChannel } from './event-channel.js';
import { chooseGpus, detectGpus, planWorkerSlots, type WorkerSlot } from './gpu-slots.js';
import { stopStaleProcess } from './stale-process.js';
import { runTrialProcess } from './trial-process.js';

const DEFAULT_GRACE_S = 10;

export const localRunner: Runner = {
  kind: 'local',
  run: (trials, ctx) => runLocal(trials, ctx),
};

/** The worker slots this machine offers for the given options (exported for plans and tests). */
export async function localWorkerSlots(
  options: Partial<LocalRunnerSpec>,
  parallelism?: number,
): Promise<WorkerSlot[]> {
  const gpus = chooseGpus(options.gpus, options.gpus === 0 ? [] : await detectGpus());
  return planWorkerSlots({
    gpus,
    trialsPerGpu: options.trials_per_gpu ?? 1,
    ...((parallelism ?? options.workers) !== undefined ? { workers: parallelism ?? options.workers } : {}),
    cores: availableParallelism(),
  });
}

async function* runLocal(trials: readonly TrialPlan[], ctx: RunContext): AsyncIterable<TrialEvent> {
  const options = ctx.options as Partial<LocalRunnerSpec>;
  const graceMs = (options.kill_grace_s ?? DEFAULT_GRACE_S) * 1000;
  // Trials of an earlier, killed orchestrator may still be running: stop them before relaunching.
  for (const t of trials) {
    const handle = ctx.handles?.[t.trialId];
    if (handle) await stopStaleProcess(handle, graceMs);
  }
  const slots = await localWorkerSlots(options, ctx.parallelism);
  const queue = [...trials];
  const channel = new EventChannel<TrialEvent>();
  const worker = async (slot: WorkerSlot): Promise<void> => {
    while (!ctx.signal.aborted && queue.length > 0) {
      const plan = queue.shift()!;
      try {
        await runTrialProcess({
          plan,
          attempt: Math.max(1, ctx.attempts?.[plan.trialId] ?? 1),
          ...(slot.gpu !== undefined ? { gpu: slot.gpu } : {}),
          graceMs,
          signal: ctx.signal,
          ...(ctx.forceSignal ? { forceSignal: ctx.forceSignal } : {}),
          emit: (e) => channel.push(e),
        });
      } catch (err) {
        // An I/O error around one trial (its folder, its logs) fails that trial, not the sweep.
        channel.push({
          kind: 'failed',
          trialId: plan.trialId,
          reason: `local runner: ${(err as Error).message}`,
          at: new Date().toISOString(),
        });
      }
    }
  };
  void Promise.all(slots.slice(0, Math.max(1, trials.length)).map(worker)).finally(() => channel.close());
  yield* channel;
}
