/**
 * `trellis report` end to end: resolve the arguments to trial folders, load them, pick the baseline,
 * build the document, write it, and optionally log it to each sweep's parent run.
 */
import { join, resolve } from 'node:path';
import type { MlflowClient } from '../tracking/mlflow-client.js';
import { buildReport } from './build-report.js';
import { loadTrials, type ReportTrial } from './load-trials.js';
import { logReportToSweepRun, type LogReportResult } from './log-report.js';
import { ReportTargetError, resolveTarget, type ReportTarget } from './resolve-targets.js';
import { writeReport, type WrittenReport } from './write-report.js';

export interface MakeReportOptions {
  /** Experiment names, sweep folders or trial folders (at least one). */
  readonly targets: readonly string[];
  /** A trial id among the reported trials, or anything `targets` accepts that names exactly one finished trial. */
  readonly baseline?: string;
  /** Default: `<artifacts>/reports/<name>/`. */
  readonly out?: string;
  readonly cwd: string;
  readonly artifacts: string;
  readonly mlflow?: boolean;
  /** For --mlflow; default MLFLOW_TRACKING_URI. */
  readonly client?: MlflowClient | null;
  readonly warn?: (message: string) => void;
}

export interface MadeReport {
  readonly outDir: string;
  readonly written: WrittenReport;
  readonly trials: readonly ReportTrial[];
  readonly baseline?: ReportTrial;
  /** Per sweep folder, with --mlflow. */
  readonly mlflow: readonly { readonly sweepDir: string; readonly result: LogReportResult }[];
}

/** The command line that regenerates the report (shown in it; no timestamps, so reruns give the same text). */
export function reportCommand(o: Pick<MakeReportOptions, 'targets' | 'baseline' | 'out'>): string {
  const q = (s: string) => (/^[\w./@:+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [
    'trellis report',
    ...o.targets.map(q),
    ...(o.baseline ? ['--baseline', q(o.baseline)] : []),
    ...(o.out ? ['--out', q(o.out)] : []),
  ].join(' ');
}

async function resolveBaseline(
  arg: string,
  trials: readonly ReportTrial[],
  o: MakeReportOptions,
): Promise<ReportTrial> {
  const byId = trials.filter((t) => t.trialId === arg);
  if (byId.length === 1) return byId[0];
  const target = await resolveTarget(arg, o);
  const loaded = await loadTrials(target.trialDirs);
  const done = loaded.filter((t) => t.results);
  if (done.length !== 1) {
    throw new ReportTargetError(
      `--baseline ${arg}: needs exactly one finished trial, found ${done.length}` +
        (done.length > 1
          ? ` (${done.map((t) => t.trialId).join(', ')}); give one trial id or trial folder`
          : ` in ${target.dir}`),
    );
  }
  return done[0];
}

export async function makeReport(o: MakeReportOptions): Promise<MadeReport> {
  if (o.targets.length === 0)
    throw new ReportTargetError('name at least one experiment, sweep folder or trial folder');
  const targets: ReportTarget[] = [];
  for (const arg of o.targets) targets.push(await resolveTarget(arg, o));
  let trials = await loadTrials(targets.flatMap((t) => t.trialDirs));
  if (trials.length === 0) {
    throw new ReportTargetError(
      `no trials in ${targets.map((t) => t.dir).join(', ')}; run \`trellis run <spec>\` first`,
    );
  }
  const baseline = o.baseline === undefined ? undefined : await resolveBaseline(o.baseline, trials, o);
  if (baseline && !trials.some((t) => t.trialDir === baseline.trialDir))
    trials = await loadTrials([...trials.map((t) => t.trialDir), baseline.trialDir]);
  const names = [...new Set(targets.map((t) => t.name))];
  const outDir = o.out !== undefined ? resolve(o.cwd, o.out) : join(o.artifacts, 'reports', names.join('+'));
  const doc = buildReport({
    title: `Report: ${names.join(' vs ')}`,
    command: reportCommand(o),
    trials,
    baseline: baseline && trials.find((t) => t.trialDir === baseline.trialDir),
  });
  const written = await writeReport(doc, outDir);
  const mlflow: { sweepDir: string; result: LogReportResult }[] = [];
  if (o.mlflow) {
    for (const sweepDir of [...new Set(trials.map((t) => t.sweepDir))]) {
      const offlineDir = trials.find(
        (t) => t.sweepDir === sweepDir && t.offlineDir !== undefined,
      )?.offlineDir;
      const result = await logReportToSweepRun({
        sweepDir,
        offlineDir,
        files: [written.markdown, written.html],
        client: o.client,
        warn: o.warn,
      });
      mlflow.push({ sweepDir, result });
    }
  }
  return { outDir, written, trials, baseline, mlflow };
}
