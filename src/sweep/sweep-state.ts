/**
 * The sweep's memory: an append-only JSONL event log `<sweepDir>/events.jsonl`, one fsynced line per event,
 * folded into the current state of every trial. A SIGKILL can leave a torn last line; readers skip it and
 * the next writer cuts it off before appending.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, ftruncateSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrialEvent, TrialExit } from './runner.js';

export const EVENTS_FILE = 'events.jsonl';

/** One line of the log: a trial event (progress lines are not logged), a planned trial, or a run start. */
export type SweepLogRecord =
  | Exclude<TrialEvent, { kind: 'progress' }>
  | {
      readonly kind: 'planned';
      readonly trialId: string;
      readonly overrides: Readonly<Record<string, unknown>>;
      readonly trialDir?: string;
      readonly at: string;
    }
  | {
      readonly kind: 'sweep';
      readonly runner: string;
      readonly pid: number;
      readonly host: string;
      readonly at: string;
    };

export type TrialStateName = 'pending' | 'submitted' | 'running' | 'completed' | 'failed' | 'killed';

export interface TrialState {
  readonly trialId: string;
  readonly state: TrialStateName;
  /** Launches so far (each launch begins with a `submitted` event). */
  readonly attempts: number;
  readonly overrides?: Readonly<Record<string, unknown>>;
  readonly trialDir?: string;
  /** The back end's handle of the latest launch (Slurm `job_task`, local `pid:…`). */
  readonly handle?: string;
  readonly where?: string;
  readonly reason?: string;
  readonly exit?: TrialExit;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly submittedAt?: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
}

export interface SweepState {
  /** Trials in the order they were first planned. */
  readonly trials: ReadonlyMap<string, TrialState>;
  /** The runner of the latest invocation, and how many invocations there were. */
  readonly runner?: string;
  readonly runs: number;
  /** Lines of the log that could not be read (a torn last line after a crash). */
  readonly skippedLines: number;
}

export const TERMINAL_STATES: ReadonlySet<TrialStateName> = new Set(['completed', 'failed', 'killed']);

/** Applies one record to the state (pure; returns a new state). */
export function applySweepRecord(state: SweepState, record: SweepLogRecord): SweepState {
  if (record.kind === 'sweep') return { ...state, runner: record.runner, runs: state.runs + 1 };
  const trials = new Map(state.trials);
  const prev: TrialState = trials.get(record.trialId) ?? {
    trialId: record.trialId,
    state: 'pending',
    attempts: 0,
  };
  trials.set(record.trialId, nextTrialState(prev, record));
  return { ...state, trials };
}

function nextTrialState(prev: TrialState, record: Exclude<SweepLogRecord, { kind: 'sweep' }>): TrialState {
  switch (record.kind) {
    case 'planned':
      return {
        ...prev,
        overrides: record.overrides,
        ...(record.trialDir ? { trialDir: record.trialDir } : {}),
      };
    case 'submitted': {
      const { reason: _r, exit: _e, metrics: _m, endedAt: _end, startedAt: _s, where: _w, ...rest } = prev;
      return {
        ...rest,
        state: 'submitted',
        attempts: prev.attempts + 1,
        handle: record.handle,
        submittedAt: record.at,
      };
    }
    case 'started':
      return {
        ...prev,
        state: 'running',
        where: record.where,
        startedAt: record.at,
        attempts: Math.max(prev.attempts, 1),
      };
    case 'completed': {
      const { reason: _r, exit: _e, ...rest } = prev;
      return { ...rest, state: 'completed', metrics: record.metrics, endedAt: record.at };
    }
    case 'failed':
    case 'killed': {
      const { exit: _e, ...rest } = prev;
      return {
        ...rest,
        state: record.kind,
        reason: record.reason,
        ...(record.exit ? { exit: record.exit } : {}),
        endedAt: record.at,
      };
    }
  }
}

export function emptySweepState(): SweepState {
  return { trials: new Map(), runs: 0, skippedLines: 0 };
}

/** Folds log records into the state of every trial (pure). */
export function foldSweepState(records: Iterable<SweepLogRecord>, skippedLines = 0): SweepState {
  let state = emptySweepState();
  for (const r of records) state = applySweepRecord(state, r);
  return { ...state, skippedLines };
}

/** Parses the log text; lines that are not complete JSON records are counted, not fatal. */
export function parseSweepLog(text: string): { records: SweepLogRecord[]; skippedLines: number } {
  const records: SweepLogRecord[] = [];
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as SweepLogRecord;
      if (value && typeof value === 'object' && typeof value.kind === 'string') records.push(value);
      else skippedLines++;
    } catch {
      skippedLines++;
    }
  }
  return { records, skippedLines };
}

export async function readSweepLog(
  sweepDir: string,
): Promise<{ records: SweepLogRecord[]; skippedLines: number }> {
  try {
    return parseSweepLog(await readFile(join(sweepDir, EVENTS_FILE), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skippedLines: 0 };
    throw err;
  }
}

/** The current state of a sweep folder (empty when nothing ran there yet). */
export async function loadSweepState(sweepDir: string): Promise<SweepState> {
  const { records, skippedLines } = await readSweepLog(sweepDir);
  return foldSweepState(records, skippedLines);
}

export interface SweepLog {
  /** Appends one record as a line and fsyncs it before returning. */
  append(record: SweepLogRecord): void;
  close(): void;
}

/**
 * Opens the log for appending. A torn last line (the writer died mid-write) is cut off first, so the
 * next record starts on a line of its own. Writes are synchronous so records keep their order.
 */
export function openSweepLog(sweepDir: string): SweepLog {
  mkdirSync(sweepDir, { recursive: true });
  const path = join(sweepDir, EVENTS_FILE);
  const fd = openSync(path, 'a+');
  repairTornTail(fd, path);
  let closed = false;
  return {
    append(record) {
      if (closed) throw new Error(`${path}: the sweep log is closed; open it again with openSweepLog`);
      writeSync(fd, JSON.stringify(record) + '\n');
      fsyncSync(fd);
    },
    close() {
      if (!closed) closeSync(fd);
      closed = true;
    },
  };
}

function repairTornTail(fd: number, path: string): void {
  const text = readFileSync(path);
  if (text.length === 0 || text[text.length - 1] === 0x0a) return;
  ftruncateSync(fd, text.lastIndexOf(0x0a) + 1);
  fsyncSync(fd);
}
