import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import type { SweepState, TrialState } from '../../sweep/sweep-state.js';
import type { TrialPlan } from '../../sweep/runner.js';
import type { RunTracker } from '../../tracking/run-tracker.js';
import { formatDuration } from './trial-line.js';

const HEADLINE = ['eval/verification_map', 'eval/matching_map', 'eval/retrieval_map'] as const;

function seconds(t: TrialState): number | undefined {
  return t.startedAt && t.endedAt ? (Date.parse(t.endedAt) - Date.parse(t.startedAt)) / 1000 : undefined;
}

/** The end-of-sweep table: trial, swept values, the three mAPs, status, time. */
export function formatSweepSummary(state: SweepState, plans: readonly TrialPlan[]): string {
  const paths = [...new Set(plans.flatMap((p) => Object.keys(p.overrides)))];
  const header = ['trial', ...paths, 'verification', 'matching', 'retrieval', 'status', 'time'];
  const rows = plans.map((p) => {
    const t = state.trials.get(p.trialId);
    const m = t?.metrics ?? {};
    return [
      p.trialId,
      ...paths.map((k) => (k in p.overrides ? JSON.stringify(p.overrides[k]) : '')),
      ...HEADLINE.map((k) => (m[k] === undefined ? '' : m[k].toFixed(4))),
      t ? `${t.state}${t.reason && t.state !== 'completed' ? `: ${t.reason.slice(0, 60)}` : ''}` : 'not run',
      t && seconds(t) !== undefined ? formatDuration(seconds(t)!) : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd() + '\n';
  return line(header) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}

/**
 * The parent run carries the best trial (by verification mAP, then the others) and the summary table.
 * Nothing is logged when the table is the one already written: running a finished sweep again would
 * only add the same points at step 0 once more.
 */
export async function summarizeSweepForTracking(o: { tracker: RunTracker; state: SweepState; table: string; sweepDir: string }): Promise<void> {
  const path = join(o.sweepDir, 'summary.md');
  const text = '```\n' + o.table + '```\n';
  if ((await readFile(path, 'utf8').catch(() => undefined)) === text) return;
  const done = [...o.state.trials.values()].filter((t) => t.state === 'completed' && t.metrics);
  const score = (t: TrialState) => HEADLINE.map((k) => t.metrics?.[k] ?? -Infinity);
  const best = done.sort((a, b) => {
    const sa = score(a), sb = score(b);
    for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sb[i] - sa[i];
    return 0;
  })[0];
  if (best) {
    o.tracker.setTags({ 'trellis.best_trial': best.trialId });
    o.tracker.logMetrics(Object.fromEntries(Object.entries(best.metrics ?? {}).map(([k, v]) => [`best/${k}`, v])), { step: 0 });
  }
  const counts: Record<string, number> = {};
  for (const t of o.state.trials.values()) counts[`trials_${t.state}`] = (counts[`trials_${t.state}`] ?? 0) + 1;
  o.tracker.logMetrics(counts, { step: 0 });
  await writeFileAtomic(path, text);
  o.tracker.logArtifact(path);
  // Into the run's local log now: from here on the written table stands for what was logged.
  void o.tracker.flush();
}
