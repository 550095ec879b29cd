import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pidAlive } from './pid-alive.js';

/** Who holds a lock: written inside the lock folder so a waiter can detect a dead holder. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export interface DirLock {
  readonly path: string;
  release(): Promise<void>;
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(join(path, 'owner.json'), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * A cross-process lock as a folder: `mkdir` is atomic on local and NFS file systems, so exactly one
 * process creates it. A lock whose holder died on this host is taken over; a holder on another host
 * (Slurm nodes on a shared file system) is trusted until `staleAfterMs`.
 */
export async function acquireDirLock(
  path: string,
  opts: {
    pollMs?: number;
    staleAfterMs?: number;
    signal?: AbortSignal;
    onWait?: (owner?: LockOwner) => void;
  } = {},
): Promise<DirLock> {
  const pollMs = opts.pollMs ?? 250;
  let warned = false;
  await mkdir(dirname(path), { recursive: true });
  for (;;) {
    opts.signal?.throwIfAborted();
    try {
      await mkdir(path);
      const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
      await writeFile(join(path, 'owner.json'), JSON.stringify(owner));
      return { path, release: () => rm(path, { recursive: true, force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readOwner(path);
    const age = owner ? Date.now() - Date.parse(owner.since) : 0;
    const dead = owner !== undefined && owner.host === hostname() && !pidAlive(owner.pid);
    const stale = opts.staleAfterMs !== undefined && age > opts.staleAfterMs;
    if (dead || stale) {
      await rm(path, { recursive: true, force: true });
      continue;
    }
    if (!warned) {
      opts.onWait?.(owner);
      warned = true;
    }
    await sleep(pollMs, undefined, { signal: opts.signal });
  }
}
