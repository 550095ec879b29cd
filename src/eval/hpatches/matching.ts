/**
 * Matching (hpatches-benchmark `eval_matching`): for every sequence, level and target image k = 1–5, the
 * nearest neighbour in the target of each ref patch; correct when it is the same index; AP over the N ref
 * patches ranked by NN distance with numpos = N. Per level: mean over sequences × 5 images.
 */
import type { Level } from '../../data/dataset.js';
import type { DescriptorSet, SequenceDescriptors } from './descriptor-set.js';
import { nearestNeighbours } from './distances.js';
import { imageType } from './image-ids.js';
import { computeAp } from './metrics.js';

export interface MatchingResult {
  /** mAP per level. */
  readonly table: Readonly<Partial<Record<Level, number>>>;
  /** Mean over the levels (the study's single number). */
  readonly map: number;
  /** AP per sequence, level and target image 1–5. */
  readonly perSequence: Readonly<Record<string, Readonly<Partial<Record<Level, readonly number[]>>>>>;
}

export interface EvaluateMatchingOptions {
  readonly descriptors: DescriptorSet;
  readonly levels: readonly Level[];
}

export function matchingAp(ref: Float32Array, target: Float32Array, n: number, dim: number): number {
  const nn = nearestNeighbours(ref, n, target, n, dim);
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = -nn.distance[i];
    labels[i] = nn.index[i] === i ? 1 : 0;
  }
  return computeAp(scores, labels, { numpos: n });
}

/** The 5 APs (target images 1–5) of one sequence at each level. */
export function sequenceMatchingAps(
  seq: SequenceDescriptors,
  levels: readonly Level[],
  dim: number,
): Partial<Record<Level, number[]>> {
  const out: Partial<Record<Level, number[]>> = {};
  for (const level of levels) {
    out[level] = [1, 2, 3, 4, 5].map((k) =>
      matchingAp(seq.images.ref, seq.images[imageType(k, level)], seq.count, dim),
    );
  }
  return out;
}

/** The benchmark's aggregation (`results_matching`): per level, the mean over sequences × 5 images. */
export function aggregateMatching(
  perSequence: Record<string, Partial<Record<Level, number[]>>>,
  levels: readonly Level[],
): MatchingResult {
  // Sorted names: the sums, hence the last bits of the means, do not depend on sequence order.
  const names = Object.keys(perSequence).sort();
  const table: Partial<Record<Level, number>> = {};
  for (const level of levels) {
    let sum = 0;
    for (const name of names) for (const ap of perSequence[name][level]!) sum += ap;
    table[level] = sum / (5 * names.length);
  }
  const map = levels.reduce((s, l) => s + table[l]!, 0) / levels.length;
  const ordered = Object.fromEntries(names.map((n) => [n, perSequence[n]]));
  return { table, map, perSequence: ordered };
}

export function evaluateMatching(options: EvaluateMatchingOptions): MatchingResult {
  const { descriptors, levels } = options;
  const perSequence: Record<string, Partial<Record<Level, number[]>>> = {};
  for (const [name, seq] of descriptors.sequences)
    perSequence[name] = sequenceMatchingAps(seq, levels, descriptors.dim);
  return aggregateMatching(perSequence, levels);
}
