/**
 * One orchestrator per sweep folder: `<sweepDir>/orchestrator.lock` holds the owner's pid. A lock left by a
 * process that no longer exists (SIGKILL, crash) is taken over.
 */
import { openSync, closeSync, readFileSync, rmSync, writeSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { pidAlive } from '../io/pid-alive.js';

const LOCK_FILE = 'orchestrator.lock';
/** Sweeps this process holds (the pid in the file cannot tell two runSweep calls of one process apart). */
const heldHere = new Set<string>();

export interface SweepLock {
  release(): void;
}

export function acquireSweepLock(sweepDir: string): SweepLock {
  mkdirSync(sweepDir, { recursive: true });
  const path = resolve(sweepDir, LOCK_FILE);
  if (heldHere.has(path)) {
    throw new Error(
      `${sweepDir}: another trellis process (pid ${process.pid}) is running this sweep; wait for it to finish`,
    );
  }
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }) + '\n');
      closeSync(fd);
      heldHere.add(path);
      return {
        release: () => {
          heldHere.delete(path);
          rmSync(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(path);
      if (owner && owner.host === hostname() && pidAlive(owner.pid)) {
        throw new Error(
          `${sweepDir}: another trellis process (pid ${owner.pid}) is running this sweep; wait for it, stop it, or delete ${path} if it is stale`,
        );
      }
      if (owner && owner.host !== hostname()) {
        throw new Error(
          `${sweepDir}: a trellis process on ${owner.host} (pid ${owner.pid}) holds this sweep; if it is gone, delete ${path}`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`${path}: could not take the sweep lock; delete the file and retry`);
}

function readOwner(path: string): { pid: number; host: string } | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; host: string };
    return typeof v.pid === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}
