import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireDirLock } from '../io/dir-lock.js';
import { writeFileAtomic } from '../io/atomic-write.js';

/**
 * Stage outputs stored by key under `<root>/<key>/`. A stage is produced in `<key>.partial/` (kept
 * across crashes, so its checkpoints let the next attempt resume) and renamed when complete; a
 * `<key>.lock` folder makes concurrent trials that need the same stage wait instead of training twice.
 */
export interface StageEntryMeta {
  readonly key: string;
  readonly stage: string;
  readonly experiment: string;
  readonly createdAt: string;
  readonly seconds: number;
  readonly [extra: string]: unknown;
}

export interface StageOutcome {
  readonly dir: string;
  /** true when the outputs came from the cache, false when this call produced them. */
  readonly hit: boolean;
  readonly meta: StageEntryMeta;
}

const META = 'stage.json';

export function stageDir(root: string, key: string): string {
  return join(root, key);
}

export async function readStageMeta(root: string, key: string): Promise<StageEntryMeta | undefined> {
  const path = join(root, key, META);
  if (!existsSync(path)) return undefined;
  return JSON.parse(await readFile(path, 'utf8')) as StageEntryMeta;
}

export async function obtainStage(opts: {
  root: string;
  key: string;
  describe: { stage: string; experiment: string };
  /** Produces the outputs in `workDir` (which may hold a previous attempt's checkpoints). */
  produce: (workDir: string) => Promise<Record<string, unknown> | void>;
  signal?: AbortSignal;
  onWait?: () => void;
}): Promise<StageOutcome> {
  const { root, key } = opts;
  const done = await readStageMeta(root, key);
  if (done) return { dir: stageDir(root, key), hit: true, meta: done };
  await mkdir(root, { recursive: true });
  const lock = await acquireDirLock(join(root, `${key}.lock`), { signal: opts.signal, onWait: opts.onWait });
  try {
    const raced = await readStageMeta(root, key);
    if (raced) return { dir: stageDir(root, key), hit: true, meta: raced };
    const work = join(root, `${key}.partial`);
    await mkdir(work, { recursive: true });
    const t0 = performance.now();
    const extra = (await opts.produce(work)) ?? {};
    const meta: StageEntryMeta = {
      ...extra,
      key,
      stage: opts.describe.stage,
      experiment: opts.describe.experiment,
      createdAt: new Date().toISOString(),
      seconds: (performance.now() - t0) / 1000,
    };
    await writeFileAtomic(join(work, META), JSON.stringify(meta, null, 2));
    await rm(stageDir(root, key), { recursive: true, force: true });
    await rename(work, stageDir(root, key));
    return { dir: stageDir(root, key), hit: false, meta };
  } finally {
    await lock.release();
  }
}

export interface CacheListing {
  readonly key: string;
  readonly meta?: StageEntryMeta;
  readonly state: 'complete' | 'partial';
  readonly bytes: number;
  readonly modified: Date;
}

async function sizeOf(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const name of await readdir(path)) total += await sizeOf(join(path, name));
  return total;
}

export async function listStageCache(root: string): Promise<CacheListing[]> {
  if (!existsSync(root)) return [];
  const out: CacheListing[] = [];
  for (const name of (await readdir(root)).sort()) {
    if (name.endsWith('.lock')) continue;
    const partial = name.endsWith('.partial');
    const key = partial ? name.slice(0, -'.partial'.length) : name;
    const path = join(root, name);
    out.push({
      key,
      meta: partial ? undefined : await readStageMeta(root, key),
      state: partial ? 'partial' : 'complete',
      bytes: await sizeOf(path),
      modified: (await stat(path)).mtime,
    });
  }
  return out;
}

/** Removes entries not used since `olderThan` (all when undefined), and every partial one that is not locked. */
export async function pruneStageCache(root: string, opts: { olderThan?: Date; keep?: ReadonlySet<string> } = {}): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await listStageCache(root)) {
    if (opts.keep?.has(entry.key)) continue;
    if (existsSync(join(root, `${entry.key}.lock`))) continue;
    if (entry.state === 'complete' && opts.olderThan && entry.modified >= opts.olderThan) continue;
    await rm(join(root, entry.state === 'partial' ? `${entry.key}.partial` : entry.key), { recursive: true, force: true });
    removed.push(entry.key);
  }
  return removed;
}
