/**
 * What `trellis report` was asked about: each argument is an experiment name (all its sweeps), a sweep
 * folder (its trials) or a trial folder (itself), as a path or relative to the artifacts folder; a bare
 * trial id is looked up in every sweep. Unknown names get the list of experiments and a suggestion.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { closest } from '../diagnostics/suggest.js';
import { EVENTS_FILE, loadSweepState } from '../sweep/sweep-state.js';

export type TargetKind = 'experiment' | 'sweep' | 'trial';

export interface ReportTarget {
  readonly arg: string;
  readonly kind: TargetKind;
  readonly dir: string;
  /** Short name for report titles and the default output folder (`exp`, `exp-sweep`, `exp-trial`). */
  readonly name: string;
  /** Every trial folder the target covers, sorted. */
  readonly trialDirs: readonly string[];
}

const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );
const isDir = (p: string): Promise<boolean> =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );

async function subdirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

export async function isSweepDir(dir: string): Promise<boolean> {
  return (await exists(join(dir, EVENTS_FILE))) || (await isDir(join(dir, 'trials')));
}

async function isTrialDir(dir: string): Promise<boolean> {
  if (basename(dirname(dir)) !== 'trials') return false;
  for (const f of ['status.json', 'plan.json', 'results.json']) if (await exists(join(dir, f))) return true;
  return false;
}

/** The sweep's trial folders: those under trials/ and those its event log planned (sorted by id). */
export async function sweepTrialDirs(sweepDir: string): Promise<string[]> {
  const dirs = new Map<string, string>();
  for (const id of await subdirs(join(sweepDir, 'trials'))) dirs.set(id, join(sweepDir, 'trials', id));
  if (await exists(join(sweepDir, EVENTS_FILE))) {
    for (const t of (await loadSweepState(sweepDir)).trials.values()) {
      if (!dirs.has(t.trialId)) dirs.set(t.trialId, t.trialDir ?? join(sweepDir, 'trials', t.trialId));
    }
  }
  return [...dirs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}

async function sweepsOf(experimentDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await subdirs(experimentDir))
    if (await isSweepDir(join(experimentDir, name))) out.push(join(experimentDir, name));
  return out;
}

/** Experiment folders under the artifacts folder (those holding at least one sweep). */
export async function listExperiments(artifacts: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await subdirs(artifacts))
    if ((await sweepsOf(join(artifacts, name))).length > 0) out.push(name);
  return out;
}

async function classify(dir: string, arg: string, artifacts: string): Promise<ReportTarget | undefined> {
  if (!(await isDir(dir))) return undefined;
  if (await isTrialDir(dir)) {
    const sweep = dirname(dirname(dir));
    return {
      arg,
      kind: 'trial',
      dir,
      name: `${basename(dirname(sweep))}-${basename(dir)}`,
      trialDirs: [dir],
    };
  }
  const sweepDir = basename(dir) === 'trials' && (await isSweepDir(dirname(dir))) ? dirname(dir) : dir;
  if (await isSweepDir(sweepDir)) {
    return {
      arg,
      kind: 'sweep',
      dir: sweepDir,
      name: `${basename(dirname(sweepDir))}-${basename(sweepDir)}`,
      trialDirs: await sweepTrialDirs(sweepDir),
    };
  }
  const sweeps = await sweepsOf(dir);
  if (sweeps.length === 0 || resolve(dir) === resolve(artifacts)) return undefined;
  const trialDirs = (await Promise.all(sweeps.map(sweepTrialDirs))).flat();
  return { arg, kind: 'experiment', dir, name: basename(dir), trialDirs };
}

/** Trial folders named `id` in any sweep of any experiment. */
async function findTrialById(artifacts: string, id: string): Promise<string[]> {
  const found: string[] = [];
  for (const exp of await listExperiments(artifacts)) {
    for (const sweep of await sweepsOf(join(artifacts, exp))) {
      if (await isTrialDir(join(sweep, 'trials', id))) found.push(join(sweep, 'trials', id));
    }
  }
  return found;
}

export class ReportTargetError extends Error {
  override name = 'ReportTargetError';
}

export async function resolveTarget(
  arg: string,
  o: { cwd: string; artifacts: string },
): Promise<ReportTarget> {
  for (const dir of [...new Set([resolve(o.cwd, arg), resolve(o.artifacts, arg)])]) {
    const target = await classify(dir, arg, o.artifacts);
    if (target) return target;
  }
  if (!arg.includes('/')) {
    const byId = await findTrialById(o.artifacts, arg);
    if (byId.length === 1) return (await classify(byId[0], arg, o.artifacts))!;
    if (byId.length > 1) {
      throw new ReportTargetError(
        `trial id "${arg}" is in several sweeps: ${byId.map((d) => relative(o.artifacts, d)).join(', ')}; name one of these folders instead`,
      );
    }
  }
  throw new ReportTargetError(await unknownTargetMessage(arg, o.artifacts));
}

async function unknownTargetMessage(arg: string, artifacts: string): Promise<string> {
  const experiments = await listExperiments(artifacts);
  const [head, ...rest] = arg.split('/').filter((p) => p !== '');
  let guess: string | undefined;
  if (experiments.includes(head ?? '') && rest.length > 0) {
    const sweeps = (await sweepsOf(join(artifacts, head))).map((d) => basename(d));
    const sweep = closest(rest[0], sweeps);
    if (sweep) guess = [head, sweep].join('/');
  } else {
    const exp = closest(head ?? arg, experiments);
    if (exp) guess = [exp, ...rest].join('/');
  }
  const known =
    experiments.length > 0
      ? `; experiments there: ${experiments.join(', ')}`
      : `; there are no runs there yet (run \`trellis run <spec>\` first)`;
  return (
    `no experiment, sweep or trial "${arg}" under ${artifacts}${known}` +
    (guess ? `; did you mean "${guess}"?` : '') +
    ' (give an experiment name, a sweep folder artifacts/<experiment>/<sweep> or a trial folder …/trials/<id>)'
  );
}
