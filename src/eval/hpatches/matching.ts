/**
 * Matching (hpatches-benchmark `eval_matching`): for every sequence, level and target image k = 1–5, the
 * nearest neighbour in the target of each ref patch; correct when it is the same index; AP over the N ref
 * patches ranked by NN distance with numpos = N. Per level: mean over sequences × 5 images.
 */
import type { Level } from '../../data/dataset.js';
import type { DescriptorSet } from './descriptor-set.js';
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

export function evaluateMatching(options: EvaluateMatchingOptions): MatchingResult {
  const { descriptors, levels } = options;
  // Sorted names: the sums, hence the last bits of the means, do not depend on sequence order.
  const names = [...descriptors.sequences.keys()].sort();
  const perSequence: Record<string, Partial<Record<Level, number[]>>> = {};
  const sums: Partial<Record<Level, number>> = {};
  for (const name of names) {
    const seq = descriptors.sequences.get(name)!;
    perSequence[name] = {};
    for (const level of levels) {
      const aps = [1, 2, 3, 4, 5].map((k) =>
        matchingAp(seq.images.ref, seq.images[imageType(k, level)], seq.count, descriptors.dim),
      );
      perSequence[name][level] = aps;
      sums[level] = aps.reduce((s, v) => s + v, sums[level] ?? 0);
    }
  }
  const table: Partial<Record<Level, number>> = {};
  for (const level of levels) table[level] = (sums[level] ?? 0) / (5 * names.length);
  const map = levels.reduce((s, l) => s + table[l]!, 0) / levels.length;
  return { table, map, perSequence };
}
