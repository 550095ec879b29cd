/** Finds a sweep folder (one holding events.jsonl) from what the user typed, for `trellis status`. */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EVENTS_FILE } from './sweep-state.js';

async function mtimeOfLog(dir: string): Promise<number | undefined> {
  return stat(join(dir, EVENTS_FILE)).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
}

/** The sweep folder under `dir` (itself, or a child, or a grandchild) whose log changed last. */
async function newestSweepUnder(
  dir: string,
  depth: number,
): Promise<{ dir: string; mtime: number } | undefined> {
  const own = await mtimeOfLog(dir);
  if (own !== undefined) return { dir, mtime: own };
  if (depth === 0) return undefined;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  let best: { dir: string; mtime: number } | undefined;
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue; // .cache holds stages, not sweeps
    const found = await newestSweepUnder(join(dir, e.name), depth - 1);
    if (found && (!best || found.mtime > best.mtime)) best = found;
  }
  return best;
}

/**
 * `which` may be a sweep folder, an experiment folder, or either relative to the artifacts folder;
 * absent: the most recently active sweep under the artifacts folder.
 */
export async function findSweepDir(opts: {
  cwd: string;
  artifacts: string;
  which?: string | undefined;
}): Promise<string> {
  const { cwd, artifacts, which } = opts;
  const candidates = which === undefined ? [artifacts] : [resolve(cwd, which), resolve(artifacts, which)];
  for (const c of candidates) {
    const found = await newestSweepUnder(c, 2);
    if (found) return found.dir;
  }
  if (which !== undefined) {
    // A bare sweep name: artifacts/<any experiment>/<which>.
    const experiments = await readdir(artifacts, { withFileTypes: true }).catch(() => []);
    const matches: string[] = [];
    for (const e of experiments) {
      const dir = join(artifacts, e.name, which);
      if (e.isDirectory() && (await mtimeOfLog(dir)) !== undefined) matches.push(dir);
    }
    if (matches.length === 1) return matches[0];
    if (matches.length > 1)
      throw new Error(
        `several experiments have a sweep "${which}": ${matches.join(', ')}; name one as <experiment>/${which}`,
      );
  }
  const where = which === undefined ? `${artifacts}/<experiment>/<sweep>` : `${candidates.join(' or ')}`;
  throw new Error(
    `no sweep found at ${where} (a sweep folder holds ${EVENTS_FILE}); run \`trellis run <spec>\` first or name the sweep folder`,
  );
}
