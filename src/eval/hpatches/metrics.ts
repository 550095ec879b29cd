/**
 * Average precision and ROC AUC exactly as hpatches-benchmark `python/utils/metrics.py` defines them:
 * scores sorted descending with a stable sort (ties keep input order), items scored −∞ never retrieved,
 * cumulative tp/fp with a leading 0, precision = max(tp,1e-10)/max(tp+fp,1e-10), and the area taken with
 * the trapezoidal rule (`np.trapz`) — not the step-wise AP of other benchmarks.
 */
import { stableArgsortDescending } from './stable-argsort.js';

const SMALL = 1e-10;

export interface MetricOptions {
  /** Recall denominator when some positives are not in the list (matching: all N patches). */
  readonly numpos?: number;
}

interface TpFp {
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  readonly p: number;
  readonly n: number;
}

/** Labels are 1 for a positive, anything else for a negative (the benchmark tests `labels == 1` / `== 0`). */
function tpfp(scores: ArrayLike<number>, labels: ArrayLike<number>, numpos?: number): TpFp {
  if (scores.length !== labels.length) {
    throw new Error(`metrics: ${scores.length} scores but ${labels.length} labels; give one label per score`);
  }
  let p = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) p++;
  const n = labels.length - p;
  if (numpos !== undefined) {
    if (numpos < p) throw new Error(`metrics: numpos ${numpos} is smaller than the ${p} positives in labels`);
    // The benchmark appends numpos − p positives scored −∞; they are never retrieved, so only p changes.
    p = numpos;
  }
  const perm = stableArgsortDescending(scores);
  let stop = perm.length;
  while (stop > 0 && scores[perm[stop - 1]] === -Infinity) stop--;
  if (stop === 0) throw new Error('metrics: every score is −∞ (infinite distances); nothing is retrieved');
  const tp = new Float64Array(stop + 1);
  const fp = new Float64Array(stop + 1);
  for (let i = 0; i < stop; i++) {
    const l = labels[perm[i]];
    tp[i + 1] = tp[i] + (l === 1 ? 1 : 0);
    fp[i + 1] = fp[i] + (l === 0 ? 1 : 0);
  }
  return { tp, fp, p, n };
}

function trapz(y: Float64Array, x: Float64Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

export interface PrCurve {
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly ap: number;
}

/** `metrics.pr`: precision/recall curve and its trapezoidal area. */
export function precisionRecall(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: MetricOptions = {},
): PrCurve {
  const { tp, fp, p } = tpfp(scores, labels, options.numpos);
  const recall = new Float64Array(tp.length);
  const precision = new Float64Array(tp.length);
  const denom = Math.max(p, SMALL);
  for (let i = 0; i < tp.length; i++) {
    recall[i] = tp[i] / denom;
    precision[i] = Math.max(tp[i], SMALL) / Math.max(tp[i] + fp[i], SMALL);
  }
  return { precision, recall, ap: trapz(precision, recall) };
}

export interface RocCurve {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  readonly auc: number;
}

/** `metrics.roc`: ROC curve and its trapezoidal area. */
export function rocCurve(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: MetricOptions = {},
): RocCurve {
  const { tp, fp, p, n } = tpfp(scores, labels, options.numpos);
  const tpr = new Float64Array(tp.length);
  const fpr = new Float64Array(tp.length);
  const dp = Math.max(p, SMALL);
  const dn = Math.max(n, SMALL);
  for (let i = 0; i < tp.length; i++) {
    tpr[i] = tp[i] / dp;
    fpr[i] = fp[i] / dn;
  }
  return { fpr, tpr, auc: trapz(tpr, fpr) };
}

/** Average precision of a ranking; scores are similarities (the benchmark passes −distance). */
export function computeAp(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: MetricOptions = {},
): number {
  return precisionRecall(scores, labels, options).ap;
}

/** Area under the ROC curve; scores are similarities (−distance). */
export function computeRocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return rocCurve(scores, labels).auc;
}

/**
 * The same AP computed from the 1-based ranks of the positives alone (every item finite, no −∞): the
 * trapezoid terms between two negatives have zero width, so only the step into each positive counts.
 * Used by retrieval, where 20,000-long lists hold 5 positives.
 */
export function apFromPositiveRanks(ranks: ArrayLike<number>, numpos: number): number {
  const sorted = Float64Array.from(ranks).sort();
  const denom = Math.max(numpos, SMALL);
  let area = 0;
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i];
    const tp = i + 1;
    const before = r - 1; // items ranked before this positive: i positives, r − 1 − i negatives
    const precHere = tp / r;
    const precBefore = Math.max(i, SMALL) / Math.max(before, SMALL);
    area += ((tp / denom - i / denom) * (precHere + precBefore)) / 2;
  }
  return area;
}
