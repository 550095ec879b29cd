/**
 * Reading a trial's own status.json and deciding how its run ended: the file is the source of truth;
 * what the runner observed (exit code, signal, scheduler state) fills in when the trial could not write it.
 */
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { TrialEvent, TrialExit, TrialStatusFile } from './runner.js';

export const STATUS_FILE = 'status.json';
const PREVIOUS_STATUS_FILE = 'status.previous.json';

export function statusPath(trialDir: string): string {
  return join(trialDir, STATUS_FILE);
}

/** The trial's status file, or undefined when it is missing or unreadable (a crash before the first write). */
export async function readTrialStatus(trialDir: string): Promise<TrialStatusFile | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(statusPath(trialDir), 'utf8'));
    if (value && typeof value === 'object' && typeof (value as TrialStatusFile).state === 'string') {
      return value as TrialStatusFile;
    }
  } catch {
    // missing or torn: the trial has not written a usable status
  }
  return undefined;
}

/** Before a new attempt: move the last attempt's status aside so it cannot be mistaken for this one's. */
export async function archiveTrialStatus(trialDir: string): Promise<void> {
  try {
    await rename(statusPath(trialDir), join(trialDir, PREVIOUS_STATUS_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

export async function writeRunnerStatus(trialDir: string, status: TrialStatusFile): Promise<void> {
  await writeFileAtomic(statusPath(trialDir), JSON.stringify(status, null, 2) + '\n');
}

export async function removeTrialStatus(trialDir: string): Promise<void> {
  await rm(statusPath(trialDir), { force: true });
}

/** What a runner saw of a trial's end. */
export interface ObservedEnd {
  readonly exit?: TrialExit;
  /** Set when the back end itself ended the trial (Ctrl-C, scancel, time limit, node failure, OOM). */
  readonly stoppedBy?: { readonly kind: 'killed' | 'failed'; readonly reason: string };
  /** The end of the trial's stderr, to name the error in the reason. */
  readonly stderrTail?: string;
  readonly slurmState?: string;
}

export interface Conclusion {
  readonly event: Extract<TrialEvent, { kind: 'completed' | 'failed' | 'killed' }>;
  /** The status file the runner should write because the trial did not leave a final one. */
  readonly runnerStatus?: TrialStatusFile;
}

/** Decides a trial's end from its own status file and what the runner observed (pure). */
export function concludeTrial(args: {
  trialId: string;
  status: TrialStatusFile | undefined;
  observed: ObservedEnd;
  attempt?: number;
  at: string;
}): Conclusion {
  const { trialId, status, observed, at } = args;
  const exit = observed.exit;
  if (status?.state === 'completed') {
    return { event: { kind: 'completed', trialId, metrics: status.metrics ?? {}, at } };
  }
  if (status?.state === 'failed' || status?.state === 'killed') {
    const reason =
      status.reason ?? (status.state === 'failed' ? 'the trial reported a failure' : 'the trial stopped');
    return { event: { kind: status.state, trialId, reason, ...(exit ? { exit } : {}), at } };
  }
  const { kind, reason } = observed.stoppedBy ?? {
    kind: 'failed' as const,
    reason: describeExit(exit, observed.stderrTail),
  };
  const runnerStatus: TrialStatusFile = {
    trialId,
    state: kind,
    reason,
    writtenBy: 'runner',
    endedAt: at,
    ...(status?.startedAt ? { startedAt: status.startedAt } : {}),
    ...(args.attempt !== undefined ? { attempt: args.attempt } : {}),
    ...(exit ? { exit } : {}),
    ...(observed.slurmState ? { slurmState: observed.slurmState } : {}),
  };
  return { event: { kind, trialId, reason, ...(exit ? { exit } : {}), at }, runnerStatus };
}

function describeExit(exit: TrialExit | undefined, stderrTail: string | undefined): string {
  const error = stderrTail ? summarizeStderr(stderrTail) : undefined;
  const suffix = error ? `: ${error}` : '';
  if (!exit) return `ended without writing a final status.json${suffix}`;
  if (exit.signal) return `killed by ${exit.signal}${suffix}`;
  if (exit.code === 0) return `exited with code 0 without writing a final status.json${suffix}`;
  return `exited with code ${exit.code}${suffix}`;
}

/**
 * The line of a stderr tail that names the error: Node prints `Error: message` between the source excerpt
 * and the stack; otherwise the last non-empty line that is not a stack frame or the Node version banner.
 */
export function summarizeStderr(text: string): string | undefined {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '' && !/^=====\s*trellis attempt/.test(l));
  const named = lines.filter((l) => /^([A-Za-z_$][\w$]*)?(Error|Exception)\b[^:]*:/.test(l)).pop();
  const last = lines
    .filter((l) => !/^\s+at\s/.test(l) && !/^Node\.js v\d/.test(l) && !/^\s*\^+\s*$/.test(l))
    .pop();
  const chosen = named ?? last;
  return chosen === undefined ? undefined : chosen.length > 300 ? chosen.slice(0, 297) + '...' : chosen;
}
