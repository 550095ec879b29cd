/**
 * The Slurm runner: a sweep becomes job arrays (one task per trial, split at the cluster's MaxArraySize),
 * submitted fire-and-forget with the job ids recorded as handles, then observed by polling scontrol (sacct
 * when Slurm has forgotten the job) and the files each task leaves in its trial folder — its own status.json
 * first, then the wrapper's exit.json, then Slurm's state.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SlurmRunnerSpec } from '../../src/schema/generated/experiment.js';
import {
  parseProgressLine,
  PROGRESS_PREFIX,
  type RunContext,
  type Runner,
  type TrialEvent,
  type TrialPlan,
} from '../../src/sweep/runner.js';
import {
  concludeTrial,
  readTrialStatus,
  writeRunnerStatus,
  type ObservedEnd,
} from '../../src/sweep/state-trial-status.js';
import { slurmPhase, slurmStoppedBy, type SlurmTaskRecord } from './job-records.js';
import { LogTail } from './log-tail.js';
import { chunkForArrays, sbatchArgs } from './sbatch-args.js';
import { queryJob, readClusterMaxArraySize, sbatch, scancel } from './slurm-cli.js';
import { manifestLine, readExitFile, TASK_WRAPPER, writeTrialCommand } from './task-wrapper.js';

const DEFAULT_MAX_ARRAY_SIZE = 1001;
const DEFAULT_POLL_S = 10;
/** How long a task Slurm calls ended may take to show its exit.json (shared filesystems cache attributes). */
const EXIT_FILE_GRACE_MS = 3000;
/** How long an exit.json may precede Slurm's own end of the task before the file alone decides. */
const STUCK_COMPLETING_MS = 15_000;

interface Task {
  readonly plan: TrialPlan;
  readonly handle: string;
  readonly jobId: string;
  readonly index: number;
  readonly attempt: number;
  readonly tail: LogTail;
  started: boolean;
  endedSince?: number;
  exitSeenSince?: number;
}

export const slurmRunner: Runner = {
  kind: 'slurm',
  run: (trials, ctx) => runSlurm(trials, ctx),
};

async function* runSlurm(trials: readonly TrialPlan[], ctx: RunContext): AsyncIterable<TrialEvent> {
  const spec = ctx.options as Partial<SlurmRunnerSpec>;
  const now = (): string => new Date().toISOString();
  const tasks: Task[] = [];
  const fresh: TrialPlan[] = [];
  for (const plan of trials) {
    const m = /^(\d+)_(\d+)$/.exec(ctx.handles?.[plan.trialId] ?? '');
    if (m) tasks.push(await makeTask(plan, m[1], Number(m[2]), ctx.attempts?.[plan.trialId] ?? 1));
    else fresh.push(plan);
  }
  if (fresh.length > 0 && !ctx.signal.aborted) {
    const maxSize = spec.max_array_size ?? (await readClusterMaxArraySize()) ?? DEFAULT_MAX_ARRAY_SIZE;
    for (const chunk of chunkForArrays(fresh, maxSize)) {
      if (ctx.signal.aborted) break;
      const jobId = await submitArray(chunk, spec, ctx);
      for (const [index, plan] of chunk.entries()) {
        const task = await makeTask(plan, jobId, index, ctx.attempts?.[plan.trialId] ?? 1);
        tasks.push(task);
        yield { kind: 'submitted', trialId: plan.trialId, handle: task.handle, at: now() };
      }
    }
  }
  if (ctx.detach) return;
  yield* pollUntilEnded(tasks, spec, ctx);
}

async function makeTask(plan: TrialPlan, jobId: string, index: number, attempt: number): Promise<Task> {
  const log = join(plan.trialDir, 'stdout.log');
  // Progress printed before now belongs to an earlier attempt or was seen by an earlier orchestrator.
  const startAt = await stat(log).then(
    (s) => s.size,
    () => 0,
  );
  return {
    plan,
    handle: `${jobId}_${index}`,
    jobId,
    index,
    attempt,
    tail: new LogTail(log, startAt),
    started: false,
  };
}

async function submitArray(
  chunk: readonly TrialPlan[],
  spec: Partial<SlurmRunnerSpec>,
  ctx: RunContext,
): Promise<string> {
  const sweepDir = chunk[0].sweepDir;
  const dir = join(sweepDir, 'slurm');
  await mkdir(join(dir, 'logs'), { recursive: true });
  const wrapper = join(dir, 'task.sh');
  await writeFile(wrapper, TASK_WRAPPER, { mode: 0o755 });
  const lines: string[] = [];
  for (const plan of chunk) {
    await writeTrialCommand(plan);
    lines.push(manifestLine(plan, ctx.attempts?.[plan.trialId] ?? 1));
  }
  const manifest = join(
    dir,
    `array-${Date.now()}-${process.pid}-${chunk[0].trialId.replace(/[^\w.-]/g, '_')}.tsv`,
  );
  await writeFile(manifest, lines.join('\n') + '\n');
  return sbatch(
    sbatchArgs({
      spec,
      count: chunk.length,
      ...(ctx.parallelism !== undefined ? { parallelism: ctx.parallelism } : {}),
      jobName: `trellis-${basename(sweepDir)}`,
      cwd: process.cwd(),
      logPattern: join(dir, 'logs', '%A_%a.out'),
      wrapper,
      manifest,
    }),
  );
}

async function* pollUntilEnded(
  tasks: Task[],
  spec: Partial<SlurmRunnerSpec>,
  ctx: RunContext,
): AsyncIterable<TrialEvent> {
  const now = (): string => new Date().toISOString();
  const maxPollMs = (spec.poll_interval_s ?? DEFAULT_POLL_S) * 1000;
  let pollMs = Math.min(1000, maxPollMs);
  let cancelled = false;
  let open = [...tasks];
  while (open.length > 0) {
    if (ctx.signal.aborted && !cancelled) {
      cancelled = true;
      await scancel([...new Set(open.map((t) => t.jobId))].map(String));
    }
    if (ctx.forceSignal?.aborted) {
      for (const t of open)
        yield {
          kind: 'killed',
          trialId: t.plan.trialId,
          reason: `forced stop: cancelled in Slurm (${t.handle}), end not observed`,
          at: now(),
        };
      return;
    }
    const jobs = new Map<string, SlurmTaskRecord[] | 'gone' | undefined>();
    for (const jobId of new Set(open.map((t) => t.jobId))) jobs.set(jobId, await queryJob(jobId));
    const still: Task[] = [];
    for (const task of open) {
      const events = await observeTask(task, jobs.get(task.jobId), cancelled);
      yield* events;
      if (!events.some((e) => e.kind === 'completed' || e.kind === 'failed' || e.kind === 'killed'))
        still.push(task);
    }
    open = still;
    if (open.length === 0) break;
    await sleepUnlessAborted(pollMs, cancelled ? ctx.forceSignal : ctx.signal);
    pollMs = Math.min(maxPollMs, pollMs * 1.5);
  }
}

async function observeTask(
  task: Task,
  job: SlurmTaskRecord[] | 'gone' | undefined,
  cancelled: boolean,
): Promise<TrialEvent[]> {
  const at = new Date().toISOString();
  const id = task.plan.trialId;
  const events: TrialEvent[] = [];
  const record = Array.isArray(job) ? job.find((r) => r.taskIds.includes(task.index)) : undefined;
  const phase = record
    ? slurmPhase(record.state)
    : job === 'gone' || Array.isArray(job)
      ? 'ended'
      : undefined;
  const written = await readExitFile(task.plan.trialDir, task.handle);
  // After a requeue the same handle runs again: an exit file from before the restart is not this run's end.
  const exitFile = written && (record?.restarts ?? 0) > written.restart ? undefined : written;
  if (!task.started && (phase === 'running' || exitFile || (phase === 'ended' && record?.node))) {
    task.started = true;
    events.push({
      kind: 'started',
      trialId: id,
      where: `slurm ${task.handle}${record?.node ? ` on ${record.node}` : ''}`,
      at,
    });
  }
  if (task.started) {
    for (const line of await task.tail.readLines()) {
      const progress = parseProgressLine(line);
      if (progress)
        events.push({
          kind: 'progress',
          trialId: id,
          line: line.slice(PROGRESS_PREFIX.length),
          progress,
          at,
        });
    }
  }
  if (!exitFile) {
    if (phase !== 'ended') return events;
    task.endedSince ??= Date.now();
    if (Date.now() - task.endedSince < EXIT_FILE_GRACE_MS) return events;
  } else if (phase === 'waiting' || phase === 'running') {
    // The wrapper is done but Slurm has not closed the task yet; a requeue at this moment would show as
    // waiting with more restarts. Wait for Slurm to agree, unless it lags for long.
    task.exitSeenSince ??= Date.now();
    if (phase === 'waiting' || Date.now() - task.exitSeenSince < STUCK_COMPLETING_MS) return events;
  }
  const status = await readTrialStatus(task.plan.trialDir);
  const stoppedBy = cancelled
    ? { kind: 'killed' as const, reason: `cancelled by trellis (scancel ${task.handle})` }
    : exitFile
      ? undefined
      : record
        ? slurmStoppedBy(record.state)
        : {
            kind: 'killed' as const,
            reason: `Slurm no longer knows ${task.handle} and the task left no exit status; it will be relaunched`,
          };
  const exit = exitFile?.exit ?? record?.exit;
  const observed: ObservedEnd = {
    ...(exit ? { exit } : {}),
    ...(stoppedBy ? { stoppedBy } : {}),
    ...(record ? { slurmState: record.state } : {}),
    stderrTail: await readTail(join(task.plan.trialDir, 'stderr.log')),
  };
  const { event, runnerStatus } = concludeTrial({
    trialId: id,
    status,
    observed,
    attempt: exitFile?.attempt ?? task.attempt,
    at,
  });
  if (runnerStatus) await writeRunnerStatus(task.plan.trialDir, runnerStatus);
  events.push(event);
  return events;
}

async function readTail(path: string): Promise<string> {
  const tail = new LogTail(
    path,
    await stat(path).then(
      (s) => Math.max(0, s.size - 8192),
      () => 0,
    ),
  );
  const lines = await tail.readLines();
  // Only the latest attempt's lines: everything after its header.
  const lastHeader = lines.map((l) => /^===== trellis attempt/.test(l)).lastIndexOf(true);
  return lines.slice(lastHeader + 1).join('\n');
}

async function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return;
  await sleep(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
}
