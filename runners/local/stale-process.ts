/**
 * Local handles: `pid:<pid>:<start time>`. After the orchestrator was killed, its trials may still run as
 * orphans; before relaunching one we stop the old process so two attempts never write the same folder.
 * The start time (from /proc) guards against a recycled pid.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; start time is field 22 overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

export function formatLocalHandle(pid: number): string {
  return `pid:${pid}:${processStartTime(pid) ?? '?'}`;
}

export function parseLocalHandle(handle: string): { pid: number; start: string } | undefined {
  const m = /^pid:(\d+):(\S+)$/.exec(handle);
  return m ? { pid: Number(m[1]), start: m[2] } : undefined;
}

/** Stops the process group of a handle if that very process still runs: SIGTERM, then SIGKILL after graceMs. */
export async function stopStaleProcess(handle: string, graceMs: number): Promise<boolean> {
  const h = parseLocalHandle(handle);
  if (!h || h.start === '?' || processStartTime(h.pid) !== h.start) return false;
  signalGroup(h.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (processStartTime(h.pid) === h.start && !isZombie(h.pid)) {
    if (Date.now() > deadline) {
      signalGroup(h.pid, 'SIGKILL');
      break;
    }
    await sleep(50);
  }
  return true;
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Signals a trial's whole process group (trials are started as group leaders); ignores a finished group. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
