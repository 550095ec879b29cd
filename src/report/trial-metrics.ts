/** The numbers a report shows for one trial, taken from its results.json (pure). */
import { LEVELS, type Level } from '../data/dataset.js';
import type { TrialResultsFile } from './trial-results.js';

export const HEADLINE_METRICS = [
  { key: 'eval/verification_map', task: 'verification' },
  { key: 'eval/matching_map', task: 'matching' },
  { key: 'eval/retrieval_map', task: 'retrieval' },
] as const;

export type Task = (typeof HEADLINE_METRICS)[number]['task'];

/** A finite number or undefined (NaN is stored as null in JSON). */
function finite(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

const mean = (xs: readonly (number | undefined)[]): number | undefined =>
  xs.length === 0 || xs.some((x) => x === undefined)
    ? undefined
    : (xs as number[]).reduce((a, b) => a + b, 0) / xs.length;

export function headline(r: TrialResultsFile): Record<Task, number | undefined> {
  return Object.fromEntries(HEADLINE_METRICS.map((m) => [m.task, finite(r.metrics[m.key])])) as Record<
    Task,
    number | undefined
  >;
}

export interface LevelBreakdown {
  /** Imbalanced AP, mean of the inter- and intra-sequence negatives (the study's verification mAP per level). */
  readonly verificationAp: Partial<Record<Level, number>>;
  /** Balanced ROC AUC, mean of inter and intra. */
  readonly verificationAuc: Partial<Record<Level, number>>;
  readonly matching: Partial<Record<Level, number>>;
  /** mAP per level, mean over the pool sizes (as the headline retrieval mAP). */
  readonly retrieval: Partial<Record<Level, number>>;
}

function perLevel(f: (l: Level) => number | undefined): Partial<Record<Level, number>> {
  const out: Partial<Record<Level, number>> = {};
  for (const l of LEVELS) {
    const v = f(l);
    if (v !== undefined) out[l] = v;
  }
  return out;
}

export function levelBreakdown(r: TrialResultsFile): LevelBreakdown {
  const { verification: v, matching: m, retrieval: ret } = r.results;
  return {
    verificationAp: perLevel(
      (l) => v?.table[l] && mean([finite(v.table[l]!.inter.ap), finite(v.table[l]!.intra.ap)]),
    ),
    verificationAuc: perLevel(
      (l) => v?.table[l] && mean([finite(v.table[l]!.inter.auc), finite(v.table[l]!.intra.auc)]),
    ),
    matching: perLevel((l) => finite(m?.table[l])),
    retrieval: perLevel((l) => ret?.table[l] && mean(ret.table[l]!.map(finite))),
  };
}

/** Training seconds of every stage plus evaluation: the trial's compute time as stored. */
export function totalSeconds(r: TrialResultsFile): number {
  const stages = Object.values(r.stages).reduce((a, s) => a + (finite(s.seconds) ?? 0), 0);
  return stages + (finite(r.metrics['time/eval_seconds']) ?? 0);
}

/** Model name → trainable parameters, from `params/<model>/trainable`. */
export function trainableParameters(r: TrialResultsFile): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.parameters)) {
    const m = /^params\/(.+)\/trainable$/.exec(k);
    if (m) out[m[1]] = v;
  }
  return out;
}
