/**
 * Reads what a report needs from trial folders: results.json (the numbers), status.json (state, times),
 * plan.json (swept values, tracking folder), denoising-examples.png; and the sweep's event log for trials
 * that never wrote a status file. Unreadable files are errors naming the file; missing ones are absences.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { TrialStatusFile } from '../sweep/runner.js';
import { loadSweepState, type TrialStateName } from '../sweep/sweep-state.js';
import { RESULTS_FILE, type TrialResultsFile } from './trial-results.js';

export const DENOISING_EXAMPLES_FILE = 'denoising-examples.png';

export interface ReportTrial {
  readonly experiment: string;
  readonly sweep: string;
  readonly trialId: string;
  readonly trialDir: string;
  readonly sweepDir: string;
  readonly overrides: Readonly<Record<string, unknown>>;
  /** From status.json, else the sweep log, else `pending`. */
  readonly state: TrialStateName;
  readonly reason?: string;
  readonly status?: TrialStatusFile;
  readonly results?: TrialResultsFile;
  readonly denoisingExamples?: Buffer;
  /** `tracking.offline_dir` of the trial's spec, when plan.json says. */
  readonly offlineDir?: string;
}

async function readOptional(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file}: cannot read (${(err as Error).message})`);
  }
}

async function readJson<T>(file: string): Promise<T | undefined> {
  const bytes = await readOptional(file);
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (err) {
    throw new Error(
      `${file}: not valid JSON (${(err as Error).message}); rerun the trial or delete the file`,
    );
  }
}

/**
 * results.json from before per-stage histories and parameter counts were stored lacks those keys; such a
 * trial still reports its mAPs, with empty training and parameter tables.
 */
function completeResults(raw: Partial<TrialResultsFile> | undefined): TrialResultsFile | undefined {
  if (raw === undefined) return undefined;
  return {
    trialId: raw.trialId ?? '',
    overrides: raw.overrides ?? {},
    backend: raw.backend ?? 'unknown',
    parameters: raw.parameters ?? {},
    metrics: raw.metrics ?? {},
    stages: raw.stages ?? {},
    results: raw.results ?? { levels: [], taskSources: {}, timings: {} },
  };
}

interface PlanFileView {
  readonly overrides?: Readonly<Record<string, unknown>>;
  readonly spec?: { readonly tracking?: { readonly offline_dir?: string } };
}

/** Loads one trial folder (`<artifacts>/<experiment>/<sweep>/trials/<id>`). */
export async function loadTrial(
  trialDir: string,
  fromLog?: { state: TrialStateName; reason?: string; overrides?: Readonly<Record<string, unknown>> },
): Promise<ReportTrial> {
  const sweepDir = dirname(dirname(trialDir));
  const [status, results, plan, denoisingExamples] = await Promise.all([
    readJson<TrialStatusFile>(join(trialDir, 'status.json')),
    readJson<Partial<TrialResultsFile>>(join(trialDir, RESULTS_FILE)).then(completeResults),
    readJson<PlanFileView>(join(trialDir, 'plan.json')),
    readOptional(join(trialDir, DENOISING_EXAMPLES_FILE)),
  ]);
  const reason = status?.reason ?? fromLog?.reason;
  const offlineDir = plan?.spec?.tracking?.offline_dir;
  return {
    experiment: basename(dirname(sweepDir)),
    sweep: basename(sweepDir),
    trialId: basename(trialDir),
    trialDir,
    sweepDir,
    overrides: results?.overrides ?? plan?.overrides ?? fromLog?.overrides ?? {},
    state: status?.state ?? fromLog?.state ?? 'pending',
    ...(reason !== undefined ? { reason } : {}),
    ...(status ? { status } : {}),
    ...(results ? { results } : {}),
    ...(denoisingExamples ? { denoisingExamples } : {}),
    ...(offlineDir !== undefined ? { offlineDir } : {}),
  };
}

/** Loads trial folders (several may share a sweep, whose log is read once), sorted by experiment, sweep and id. */
export async function loadTrials(trialDirs: readonly string[]): Promise<ReportTrial[]> {
  const logs = new Map<string, Awaited<ReturnType<typeof loadSweepState>>>();
  const out: ReportTrial[] = [];
  for (const dir of [...new Set(trialDirs)]) {
    const sweepDir = dirname(dirname(dir));
    if (!logs.has(sweepDir)) logs.set(sweepDir, await loadSweepState(sweepDir));
    const t = logs.get(sweepDir)!.trials.get(basename(dir));
    out.push(await loadTrial(dir, t && { state: t.state, reason: t.reason, overrides: t.overrides }));
  }
  return out.sort(compareTrials);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareTrials(a: ReportTrial, b: ReportTrial): number {
  return cmp(a.experiment, b.experiment) || cmp(a.sweep, b.sweep) || cmp(a.trialId, b.trialId);
}
