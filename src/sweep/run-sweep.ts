/**
 * The orchestrator loop: decides which trials of a sweep still need to run (from the event log), hands
 * them to a runner, and records every event. Running the same sweep again resumes it.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Runner, TrialEvent, TrialPlan } from './runner.js';
import { acquireSweepLock } from './state-lock.js';
import {
  applySweepRecord,
  foldSweepState,
  openSweepLog,
  readSweepLog,
  type SweepState,
  type TrialState,
} from './sweep-state.js';

export interface RunSweepOptions {
  readonly plans: readonly TrialPlan[];
  readonly runner: Runner;
  readonly sweepDir: string;
  /** The spec's `runner:` section (LocalRunnerSpec / SlurmRunnerSpec). */
  readonly runnerOptions?: Readonly<Record<string, unknown>>;
  /** Max trials at once; absent: the runner's option or default. */
  readonly parallelism?: number;
  /** Rerun trials that failed earlier (otherwise they are left as failed). */
  readonly retryFailed?: boolean;
  /** Return after submitting (Slurm); a later runSweep re-attaches. */
  readonly detach?: boolean;
  /** First Ctrl-C: stop launching and stop trials gracefully. */
  readonly signal?: AbortSignal;
  /** Second Ctrl-C: kill now. */
  readonly forceSignal?: AbortSignal;
  /** Every runner event (progress included), with the state after it. */
  readonly onEvent?: (event: TrialEvent, state: SweepState) => void;
}

export interface SweepSummary {
  readonly sweepDir: string;
  readonly state: SweepState;
  /** Trials of this sweep finished before this invocation (skipped). */
  readonly skipped: readonly string[];
  /** Failed earlier and left alone (no retryFailed). */
  readonly leftFailed: readonly string[];
  /** Launched fresh (new, interrupted, or retried). */
  readonly launched: readonly string[];
  /** Re-attached to a live launch of an earlier invocation. */
  readonly reattached: readonly string[];
  readonly counts: Readonly<Record<TrialState['state'], number>>;
  readonly interrupted: boolean;
  /** 0: every trial completed (or, detached, none failed); 1: a trial failed or did not finish; 130: interrupted. */
  readonly exitCode: number;
}

/** Which trials to skip, leave failed, re-attach or launch (pure). */
export function planResume(
  plans: readonly TrialPlan[],
  state: SweepState,
  retryFailed: boolean,
): { skipped: string[]; leftFailed: string[]; reattach: TrialPlan[]; launch: TrialPlan[] } {
  const out = {
    skipped: [] as string[],
    leftFailed: [] as string[],
    reattach: [] as TrialPlan[],
    launch: [] as TrialPlan[],
  };
  for (const plan of plans) {
    const t = state.trials.get(plan.trialId);
    if (t?.state === 'completed') out.skipped.push(plan.trialId);
    else if (t?.state === 'failed' && !retryFailed) out.leftFailed.push(plan.trialId);
    else if ((t?.state === 'submitted' || t?.state === 'running') && t.handle) out.reattach.push(plan);
    else out.launch.push(plan);
  }
  return out;
}

export async function runSweep(opts: RunSweepOptions): Promise<SweepSummary> {
  const { plans, runner, sweepDir } = opts;
  const signal = opts.signal ?? new AbortController().signal;
  const lock = acquireSweepLock(sweepDir);
  try {
    const log = openSweepLog(sweepDir);
    try {
      const previous = await readSweepLog(sweepDir);
      let state = foldSweepState(previous.records, previous.skippedLines);
      const record = (r: Parameters<typeof applySweepRecord>[1]): void => {
        log.append(r);
        state = applySweepRecord(state, r);
      };
      const now = (): string => new Date().toISOString();
      record({ kind: 'sweep', runner: runner.kind, pid: process.pid, host: hostname(), at: now() });
      for (const p of plans) {
        if (!state.trials.has(p.trialId))
          record({
            kind: 'planned',
            trialId: p.trialId,
            overrides: p.overrides,
            trialDir: p.trialDir,
            at: now(),
          });
      }

      const resume = planResume(plans, state, opts.retryFailed ?? false);
      for (const p of resume.launch)
        await writeFileAtomic(join(p.trialDir, 'plan.json'), JSON.stringify(p, null, 2) + '\n');
      const toRun = [...resume.reattach, ...resume.launch];
      const handles: Record<string, string> = {};
      for (const p of resume.reattach) handles[p.trialId] = state.trials.get(p.trialId)!.handle!;
      const attempts: Record<string, number> = {};
      for (const p of toRun)
        attempts[p.trialId] = (state.trials.get(p.trialId)?.attempts ?? 0) + (handles[p.trialId] ? 0 : 1);

      const ended = new Set<string>();
      if (toRun.length > 0 && !signal.aborted) {
        const events = runner.run(toRun, {
          signal,
          ...(opts.forceSignal ? { forceSignal: opts.forceSignal } : {}),
          ...(opts.parallelism !== undefined ? { parallelism: opts.parallelism } : {}),
          options: opts.runnerOptions ?? {},
          handles,
          attempts,
          detach: opts.detach ?? false,
        });
        for await (const event of events) {
          if (event.kind !== 'progress') record(event);
          if (event.kind === 'completed' || event.kind === 'failed' || event.kind === 'killed')
            ended.add(event.trialId);
          opts.onEvent?.(event, state);
        }
      }
      // A launched trial without an end event: interrupted before its end was seen (or a runner bug).
      for (const p of toRun) {
        const t = state.trials.get(p.trialId);
        if (ended.has(p.trialId) || !t || t.state === 'pending' || opts.detach) continue;
        if (t.state === 'submitted' || t.state === 'running') {
          const reason = signal.aborted
            ? 'interrupted before its end was observed'
            : 'the runner stopped without reporting its end';
          record({ kind: 'killed', trialId: p.trialId, reason, at: now() });
        }
      }
      return summarize({
        sweepDir,
        plans,
        state,
        resume,
        handles,
        interrupted: signal.aborted,
        detach: opts.detach ?? false,
      });
    } finally {
      log.close();
    }
  } finally {
    lock.release();
  }
}

function summarize(args: {
  sweepDir: string;
  plans: readonly TrialPlan[];
  state: SweepState;
  resume: ReturnType<typeof planResume>;
  handles: Record<string, string>;
  interrupted: boolean;
  detach: boolean;
}): SweepSummary {
  const counts = { pending: 0, submitted: 0, running: 0, completed: 0, failed: 0, killed: 0 };
  for (const p of args.plans) counts[args.state.trials.get(p.trialId)?.state ?? 'pending']++;
  const unfinished = args.plans.length - counts.completed - counts.failed;
  const exitCode = counts.failed > 0 ? 1 : args.interrupted ? 130 : args.detach ? 0 : unfinished > 0 ? 1 : 0;
  return {
    sweepDir: args.sweepDir,
    state: args.state,
    skipped: args.resume.skipped,
    leftFailed: args.resume.leftFailed,
    launched: args.resume.launch.map((p) => p.trialId),
    reattached: Object.keys(args.handles),
    counts,
    interrupted: args.interrupted,
    exitCode,
  };
}
