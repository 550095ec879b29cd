/**
 * What Slurm says about array tasks, parsed from `scontrol -o show job` and `sacct --parsable2` (pure).
 * Two exit-code encodings exist: scontrol/sacct print `<status>:<signal>`, squeue's exit_code is the raw
 * wait status (exit 3 → 768). Pending tasks of an array come back as one range record (`4-5%2`).
 */
import { constants } from 'node:os';
import type { TrialExit } from '../../src/sweep/runner.js';

export interface SlurmTaskRecord {
  readonly jobId: string;
  readonly taskIds: readonly number[];
  /** First word of JobState (`CANCELLED by 0` → CANCELLED). */
  readonly state: string;
  readonly exit?: TrialExit;
  readonly reason?: string;
  readonly node?: string;
  /** How often Slurm requeued the task (scontrol `Restarts=`). */
  readonly restarts?: number;
}

const SIGNAL_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(constants.signals).map(([name, n]) => [n, name]),
);

export function signalName(n: number): string {
  return SIGNAL_NAMES[n] ?? `signal ${n}`;
}

/** `3:0` → exit 3; `0:15` → SIGTERM. */
export function parseExitCodePair(text: string): TrialExit | undefined {
  const m = /^(\d+):(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const signal = Number(m[2]);
  return signal > 0 ? { code: null, signal: signalName(signal) } : { code: Number(m[1]), signal: null };
}

/** A raw wait status (squeue -O exit_code): status = v >> 8, signal = v & 0x7f. */
export function decodeWaitStatus(v: number): TrialExit {
  const signal = v & 0x7f;
  return signal > 0 ? { code: null, signal: signalName(signal) } : { code: (v >> 8) & 0xff, signal: null };
}

/** `7`, `4-5%2`, `1,3,5-7`, `[4-5%2]` → the task indices. */
export function parseArrayIndices(text: string): number[] {
  const body = text.replace(/^\[|\]$/g, '').split('%')[0];
  const out: number[] = [];
  for (const part of body.split(',')) {
    const m = /^(\d+)(?:-(\d+))?(?::(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    for (let i = from; i <= to; i += step) out.push(i);
  }
  return out;
}

/** One record per line of `scontrol -o show job <id>`. */
export function parseScontrolJobs(text: string): SlurmTaskRecord[] {
  const records: SlurmTaskRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('JobState=')) continue;
    const f = new Map<string, string>();
    for (const m of line.matchAll(/(?:^|\s)([A-Za-z:]+)=(\S*)/g)) if (!f.has(m[1])) f.set(m[1], m[2]);
    const jobId = f.get('ArrayJobId') ?? f.get('JobId')!;
    const taskIds = f.has('ArrayTaskId') ? parseArrayIndices(f.get('ArrayTaskId')!) : [0];
    const exit = parseExitCodePair(f.get('ExitCode') ?? '');
    const node = f.get('NodeList');
    const restarts = f.get('Restarts');
    records.push({
      jobId,
      taskIds,
      state: (f.get('JobState') ?? 'UNKNOWN').split(/\s/)[0],
      ...(exit ? { exit } : {}),
      ...(f.get('Reason') && f.get('Reason') !== 'None' ? { reason: f.get('Reason')! } : {}),
      ...(node && node !== '(null)' ? { node } : {}),
      ...(restarts !== undefined && /^\d+$/.test(restarts) ? { restarts: Number(restarts) } : {}),
    });
  }
  return records;
}

/** Rows of `sacct -n -X -P -o JobID,State,ExitCode,NodeList -j <id>`. */
export function parseSacctRows(text: string): SlurmTaskRecord[] {
  const records: SlurmTaskRecord[] = [];
  for (const line of text.split('\n')) {
    const [id, state, exitCode, node] = line.trim().split('|');
    const m = /^(\d+)(?:_(.+))?$/.exec(id ?? '');
    if (!m || !state) continue;
    const exit = parseExitCodePair(exitCode ?? '');
    records.push({
      jobId: m[1],
      taskIds: m[2] === undefined ? [0] : parseArrayIndices(m[2]),
      state: state.split(/\s/)[0],
      ...(exit ? { exit } : {}),
      ...(node && node !== 'None assigned' ? { node } : {}),
    });
  }
  return records;
}

export type SlurmPhase = 'waiting' | 'running' | 'ended';

const WAITING = new Set([
  'PENDING',
  'REQUEUED',
  'REQUEUE_FED',
  'REQUEUE_HOLD',
  'RESV_DEL_HOLD',
  'SPECIAL_EXIT_HOLD',
]);
const RUNNING = new Set([
  'RUNNING',
  'COMPLETING',
  'CONFIGURING',
  'STAGE_OUT',
  'SIGNALING',
  'SUSPENDED',
  'STOPPED',
  'RESIZING',
]);

export function slurmPhase(state: string): SlurmPhase {
  return WAITING.has(state) ? 'waiting' : RUNNING.has(state) ? 'running' : 'ended';
}

/**
 * When Slurm itself ended a task that left no final status: killed (the next run resumes it from its
 * checkpoint) for time limits, cancellation, preemption and node failures; failed for OOM and deadlines;
 * undefined when the exit code tells the story (COMPLETED, FAILED).
 */
export function slurmStoppedBy(state: string): { kind: 'killed' | 'failed'; reason: string } | undefined {
  switch (state) {
    case 'TIMEOUT':
      return {
        kind: 'killed',
        reason: 'time limit reached (Slurm TIMEOUT); resumes from its checkpoint on the next run',
      };
    case 'CANCELLED':
      return { kind: 'killed', reason: 'cancelled in Slurm (CANCELLED)' };
    case 'PREEMPTED':
    case 'NODE_FAIL':
    case 'BOOT_FAIL':
    case 'REVOKED':
      return { kind: 'killed', reason: `stopped by Slurm (${state}); resumes on the next run` };
    case 'OUT_OF_MEMORY':
      return { kind: 'failed', reason: 'out of memory (Slurm OUT_OF_MEMORY); raise runner.mem' };
    case 'DEADLINE':
      return { kind: 'failed', reason: 'deadline passed (Slurm DEADLINE)' };
    default:
      return undefined;
  }
}
