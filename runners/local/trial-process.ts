/**
 * Runs one trial as a child process: appends its output to <trialDir>/stdout.log / stderr.log under an
 * attempt header, forwards progress lines, stops it on abort (SIGTERM, then SIGKILL after a grace period)
 * and turns its end into exactly one completed / failed / killed event.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import {
  ATTEMPT_ENV,
  parseProgressLine,
  PROGRESS_PREFIX,
  type TrialEvent,
  type TrialPlan,
} from '../../src/sweep/runner.js';
import {
  archiveTrialStatus,
  concludeTrial,
  readTrialStatus,
  writeRunnerStatus,
} from '../../src/sweep/state-trial-status.js';
import { formatLocalHandle, signalGroup } from './stale-process.js';

export interface TrialProcessOptions {
  readonly plan: TrialPlan;
  readonly attempt: number;
  /** CUDA_VISIBLE_DEVICES for the trial; undefined leaves the variable as inherited. */
  readonly gpu?: string;
  readonly graceMs: number;
  readonly signal: AbortSignal;
  readonly forceSignal?: AbortSignal;
  readonly emit: (event: TrialEvent) => void;
}

const STDERR_TAIL_BYTES = 8192;

export function attemptHeader(args: { attempt: number; where: string; at: string }): string {
  return `\n===== trellis attempt ${args.attempt} · ${args.where} · ${args.at} =====\n`;
}

export async function runTrialProcess(o: TrialProcessOptions): Promise<void> {
  const { plan } = o;
  const now = (): string => new Date().toISOString();
  await mkdir(plan.trialDir, { recursive: true });
  await archiveTrialStatus(plan.trialDir);
  const out = createWriteStream(join(plan.trialDir, 'stdout.log'), { flags: 'a' });
  const err = createWriteStream(join(plan.trialDir, 'stderr.log'), { flags: 'a' });
  const where = `${hostname()}${o.gpu !== undefined ? ` gpu ${o.gpu}` : ''}`;
  const header = attemptHeader({
    attempt: o.attempt,
    where: `local ${where}${o.gpu !== undefined ? ` CUDA_VISIBLE_DEVICES=${o.gpu}` : ''}`,
    at: now(),
  });
  out.write(header);
  err.write(header);

  const [file, ...args] = plan.command;
  const child = execa(file, args, {
    env: {
      ...plan.env,
      [ATTEMPT_ENV]: String(o.attempt),
      ...(o.gpu !== undefined ? { CUDA_VISIBLE_DEVICES: o.gpu } : {}),
    },
    reject: false,
    detached: true, // own process group: the terminal's Ctrl-C reaches only the orchestrator, which decides
    stdin: 'ignore',
    buffer: false,
    forceKillAfterDelay: false,
  });
  let stderrTail = '';
  if (child.pid !== undefined) {
    o.emit({ kind: 'submitted', trialId: plan.trialId, handle: formatLocalHandle(child.pid), at: now() });
    o.emit({ kind: 'started', trialId: plan.trialId, where: `${where} pid ${child.pid}`, at: now() });
  }
  const outDone = pipeLines(child.stdout, out, (line) => {
    const progress = parseProgressLine(line);
    if (progress)
      o.emit({
        kind: 'progress',
        trialId: plan.trialId,
        line: line.slice(PROGRESS_PREFIX.length),
        progress,
        at: now(),
      });
  });
  const errDone = pipeLines(child.stderr, err, undefined, (chunk) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
  });

  let interrupted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const kill = (): void => {
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  };
  const stop = (): void => {
    interrupted = true;
    if (child.pid === undefined) return;
    signalGroup(child.pid, 'SIGTERM');
    killTimer = setTimeout(kill, o.graceMs);
  };
  if (o.signal.aborted) stop();
  else o.signal.addEventListener('abort', stop, { once: true });
  o.forceSignal?.addEventListener('abort', kill, { once: true });

  const result = await child;
  clearTimeout(killTimer);
  o.signal.removeEventListener('abort', stop);
  o.forceSignal?.removeEventListener('abort', kill);
  await Promise.all([outDone, errDone]);
  await Promise.all([closeStream(out), closeStream(err)]);

  const exit =
    child.pid === undefined ? undefined : { code: result.exitCode ?? null, signal: result.signal ?? null };
  const stoppedBy =
    child.pid === undefined
      ? { kind: 'failed' as const, reason: `could not start ${file}: ${result.shortMessage}` }
      : interrupted
        ? {
            kind: 'killed' as const,
            reason: `interrupted by trellis${exit?.signal ? ` (${exit.signal})` : ''}`,
          }
        : undefined;
  const status = await readTrialStatus(plan.trialDir);
  const { event, runnerStatus } = concludeTrial({
    trialId: plan.trialId,
    status,
    observed: { ...(exit ? { exit } : {}), ...(stoppedBy ? { stoppedBy } : {}), stderrTail },
    attempt: o.attempt,
    at: now(),
  });
  if (runnerStatus) await writeRunnerStatus(plan.trialDir, runnerStatus);
  o.emit(event);
}

/** Copies a stream to a log file and calls onLine for each complete line (a final partial line too). */
async function pipeLines(
  stream: Readable | null,
  log: WriteStream,
  onLine?: (line: string) => void,
  onChunk?: (chunk: string) => void,
): Promise<void> {
  if (!stream) return;
  let partial = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    log.write(chunk);
    onChunk?.(chunk);
    if (!onLine) continue;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  }
  if (partial && onLine) onLine(partial);
}

function closeStream(s: WriteStream): Promise<void> {
  return new Promise((resolve) => s.end(resolve));
}
