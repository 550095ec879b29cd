/**
 * Verification (hpatches-benchmark `eval_verification`): per level, distances of the positive and of the
 * intra-/inter-sequence negative pairs; balanced = ROC AUC on all negatives + all positives, imbalanced =
 * AP on the first nPos + ⌊0.2·nPos⌋ rows of [negatives; positives] (1M negatives + 200k positives).
 */
import type { Level } from '../../data/dataset.js';
import { sequenceOf, type DescriptorSet, type SequenceDescriptors } from './descriptor-set.js';
import { exactDistance } from './distances.js';
import { imageType } from './image-ids.js';
import { computeAp, computeRocAuc } from './metrics.js';
import type { VerificationKind, VerificationPairs, VerificationTasks } from './task-files.js';

export interface VerificationScores {
  /** Balanced protocol: ROC AUC. */
  readonly auc: number;
  /** Imbalanced protocol: AP. */
  readonly ap: number;
}

export type VerificationTable = Readonly<
  Partial<Record<Level, { readonly inter: VerificationScores; readonly intra: VerificationScores }>>
>;

export interface VerificationResult {
  readonly table: VerificationTable;
  /** Mean of the imbalanced APs over inter/intra × levels (the study's single number). */
  readonly map: number;
  readonly pairs: number;
}

function pairDistances(
  set: DescriptorSet,
  pairs: VerificationPairs,
  level: Level,
  where: string,
): Float64Array {
  const seqs = pairs.names.map((n) => sequenceOf(set, n, where));
  // Per sequence, the descriptors of image ids 0–5 at this level, looked up once instead of per row.
  const byId = seqs.map((seq) => [0, 1, 2, 3, 4, 5].map((id) => seq.images[imageType(id, level)]));
  const n = pairs.s1.length;
  const out = new Float64Array(n);
  const d = set.dim;
  const check = (seq: SequenceDescriptors, idx: number, row: number, col: string) => {
    if (idx >= seq.count) {
      throw new Error(
        `${where}:${row + 2}: ${col} = ${idx} but ${seq.name} has ${seq.count} patches; the task file does not fit this dataset`,
      );
    }
  };
  for (let r = 0; r < n; r++) {
    const s1 = pairs.s1[r];
    const s2 = pairs.s2[r];
    const i1 = pairs.idx1[r];
    const i2 = pairs.idx2[r];
    if (i1 >= seqs[s1].count) check(seqs[s1], i1, r, 'idx1');
    if (i2 >= seqs[s2].count) check(seqs[s2], i2, r, 'idx2');
    out[r] = exactDistance(byId[s1][pairs.t1[r]], i1, byId[s2][pairs.t2[r]], i2, d);
  }
  return out;
}

function scoresAndLabels(neg: Float64Array, pos: Float64Array): { scores: Float64Array; labels: Uint8Array } {
  const scores = new Float64Array(neg.length + pos.length);
  const labels = new Uint8Array(neg.length + pos.length);
  for (let i = 0; i < neg.length; i++) scores[i] = -neg[i];
  for (let i = 0; i < pos.length; i++) {
    scores[neg.length + i] = -pos[i];
    labels[neg.length + i] = 1;
  }
  return { scores, labels };
}

export interface EvaluateVerificationOptions {
  readonly descriptors: DescriptorSet;
  readonly tasks: VerificationTasks;
  readonly levels: readonly Level[];
  /** Names the task files in error messages. */
  readonly source?: string;
}

export function evaluateVerification(options: EvaluateVerificationOptions): VerificationResult {
  const { descriptors, tasks, levels } = options;
  const table: Record<string, { inter: VerificationScores; intra: VerificationScores }> = {};
  const nPos = tasks.pos.s1.length;
  const nImb = nPos + Math.trunc(nPos * 0.2);
  let sum = 0;
  for (const level of levels) {
    const dist = (k: VerificationKind) =>
      pairDistances(descriptors, tasks[k], level, `${options.source ?? 'verification'} verif_${k}`);
    const pos = dist('pos');
    const scoresFor = (neg: Float64Array): VerificationScores => {
      const { scores, labels } = scoresAndLabels(neg, pos);
      return {
        auc: computeRocAuc(scores, labels),
        ap: computeAp(scores.subarray(0, nImb), labels.subarray(0, nImb)),
      };
    };
    const intra = scoresFor(dist('neg_intra'));
    const inter = scoresFor(dist('neg_inter'));
    table[level] = { inter, intra };
    sum += inter.ap + intra.ap;
  }
  return { table, map: sum / (2 * levels.length), pairs: nPos };
}
