/**
 * Retrieval (hpatches-benchmark `eval_retrieval`): each query is a `ref` patch; its candidate list is
 * [the same index in images 1–5 of the level (positives); the distractors of the file, in file order, minus
 * those of the query's own sequence]; for each pool size k the first k candidates are ranked by distance
 * (stable: ties keep list order, so positives win ties) and scored by AP with 5 positives.
 *
 * Only the ranks of the 5 positives matter to that AP, so instead of sorting up to 20,000 candidates per
 * query, level and pool size, one pass over the distractors counts how many lie closer than each positive
 * at every pool-size cutoff.
 */
import type { Level } from '../../data/dataset.js';
import { sequenceOf, type DescriptorSet, type SequenceDescriptors } from './descriptor-set.js';
import { crossDot, exactDistance, squaredDistanceTolerance, squaredNorms } from './distances.js';
import { imageType } from './image-ids.js';
import { apFromPositiveRanks } from './metrics.js';
import type { PatchList, RetrievalTasks } from './task-files.js';

export const DEFAULT_POOL_SIZES = [100, 500, 1000, 5000, 10000, 15000, 20000] as const;
const POSITIVES = 5;

export interface RetrievalResult {
  /** Pool sizes reported (those the distractor list can fill). */
  readonly poolSizes: readonly number[];
  /** mAP per level and pool size (same order as `poolSizes`). */
  readonly table: Readonly<Partial<Record<Level, readonly number[]>>>;
  /** The benchmark's "mean" row: per pool size, the mean over levels (computed in float32, as the benchmark does). */
  readonly meanRow: readonly number[];
  /** Mean of `meanRow` over the pool sizes (the study's single number). */
  readonly map: number;
  readonly queries: number;
  readonly distractors: number;
}

export interface EvaluateRetrievalOptions {
  readonly descriptors: DescriptorSet;
  readonly tasks: RetrievalTasks;
  readonly levels: readonly Level[];
  readonly poolSizes?: readonly number[];
  readonly source?: string;
}

/** Pool sizes the distractor list can fill; the smallest one if it can fill none (it is then truncated, as numpy slicing does). */
export function usablePoolSizes(requested: readonly number[], distractors: number): number[] {
  const sorted = [...new Set(requested)].sort((a, b) => a - b);
  for (const k of sorted)
    if (k <= POSITIVES) throw new Error(`retrieval: pool size ${k} must exceed the ${POSITIVES} positives`);
  const usable = sorted.filter((k) => k - POSITIVES <= distractors);
  return usable.length > 0 ? usable : sorted.slice(0, 1);
}

function gatherRef(
  set: DescriptorSet,
  list: PatchList,
  where: string,
): { data: Float32Array; seqs: SequenceDescriptors[] } {
  const d = set.dim;
  const seqs = list.names.map((n) => sequenceOf(set, n, where));
  const data = new Float32Array(list.s.length * d);
  for (let r = 0; r < list.s.length; r++) {
    const seq = seqs[list.s[r]];
    const idx = list.idx[r];
    if (idx >= seq.count)
      throw new Error(
        `${where}:${r + 2}: idx = ${idx} but ${seq.name} has ${seq.count} patches; the task file does not fit this dataset`,
      );
    data.set(seq.images.ref.subarray(idx * d, (idx + 1) * d), r * d);
  }
  return { data, seqs };
}

/** Float32 arithmetic as numpy does it on the float32 table (`np.mean(res, axis=0)`). */
function float32Mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s = Math.fround(s + Math.fround(v));
  return Math.fround(s / values.length);
}

export function evaluateRetrieval(options: EvaluateRetrievalOptions): RetrievalResult {
  const { descriptors, tasks, levels } = options;
  const source = options.source ?? 'retrieval';
  const d = descriptors.dim;
  const nq = tasks.queries.s.length;
  const nd = tasks.distractors.s.length;
  const poolSizes = usablePoolSizes(options.poolSizes ?? DEFAULT_POOL_SIZES, nd);
  const cutoffs = poolSizes.map((k) => k - POSITIVES); // distractors in each pool
  const q = gatherRef(descriptors, tasks.queries, `${source} retr_queries`);
  const dist = gatherRef(descriptors, tasks.distractors, `${source} retr_distractors`);
  // Distractor sequences as query-list name ids (−1: a sequence no query comes from), to mask by integer.
  const queryNameId = new Map(tasks.queries.names.map((n, i) => [n, i]));
  const distSeq = Int32Array.from(
    tasks.distractors.s,
    (s) => queryNameId.get(tasks.distractors.names[s]) ?? -1,
  );
  const normQ = squaredNorms(q.data, nq, d);
  const normD = squaredNorms(dist.data, nd, d);
  const rel = squaredDistanceTolerance(d);
  const nl = levels.length;
  const nt = nl * POSITIVES; // thresholds per query: one per (level, positive)
  const sums = levels.map(() => new Float64Array(poolSizes.length));
  const thrDist = new Float64Array(nt);
  const thrSq = new Float64Array(nt);
  const order = new Int32Array(nt); // threshold slots sorted by distance
  const sortedDist = new Float64Array(nt);
  const sortedSq = new Float64Array(nt);
  const hist = new Float64Array(nt + 1);
  const counts = new Float64Array(nt);
  const ranks = new Float64Array(POSITIVES);
  const block = Math.max(4, Math.floor(2_000_000 / Math.max(1, nd)) & ~3);
  const dots = new Float64Array(Math.min(block, nq) * nd);
  for (let q0 = 0; q0 < nq; q0 += block) {
    const rows = Math.min(block, nq - q0);
    crossDot(q.data.subarray(q0 * d, (q0 + rows) * d), rows, dist.data, nd, d, dots);
    for (let r = 0; r < rows; r++) {
      const qi = q0 + r;
      const seqId = tasks.queries.s[qi];
      const seq = q.seqs[seqId];
      const idx = tasks.queries.idx[qi];
      // Positive distances, exact, per level.
      for (let l = 0; l < nl; l++) {
        for (let k = 0; k < POSITIVES; k++) {
          const e = exactDistance(q.data, qi, seq.images[imageType(k + 1, levels[l])], idx, d);
          thrDist[l * POSITIVES + k] = e;
          thrSq[l * POSITIVES + k] = e * e;
        }
      }
      for (let t = 0; t < nt; t++) order[t] = t;
      order.sort((a, b) => thrDist[a] - thrDist[b] || a - b);
      for (let t = 0; t < nt; t++) {
        sortedDist[t] = thrDist[order[t]];
        sortedSq[t] = thrSq[order[t]];
      }
      hist.fill(0);
      let seen = 0;
      let c = 0;
      const base = r * nd;
      const record = (ci: number) => {
        // counts[t] = distractors strictly closer than sorted threshold t = Σ hist[0..t].
        let acc = 0;
        for (let t = 0; t < nt; t++) {
          acc += hist[t];
          counts[order[t]] = acc;
        }
        for (let l = 0; l < nl; l++) {
          for (let k = 0; k < POSITIVES; k++) {
            const me = thrDist[l * POSITIVES + k];
            let before = 0;
            for (let k2 = 0; k2 < POSITIVES; k2++) {
              const other = thrDist[l * POSITIVES + k2];
              if (other < me || (other === me && k2 < k)) before++;
            }
            ranks[k] = 1 + before + counts[l * POSITIVES + k];
          }
          sums[l][ci] += apFromPositiveRanks(ranks, POSITIVES);
        }
      };
      for (let j = 0; j < nd && c < cutoffs.length; j++) {
        if (distSeq[j] === seqId) continue;
        const approx = normQ[qi] + normD[j] - 2 * dots[base + j];
        const tol = rel * (normQ[qi] + normD[j]);
        seen++;
        // bucket = number of thresholds t with dist_t ≤ distractor distance (those it does not precede).
        if (sortedSq[nt - 1] < approx - tol) {
          hist[nt]++; // farther than every positive: the common case
          while (c < cutoffs.length && seen === cutoffs[c]) record(c++);
          continue;
        }
        let lo = 0;
        while (lo < nt && sortedSq[lo] < approx - tol) lo++;
        let hi = lo;
        while (hi < nt && sortedSq[hi] <= approx + tol) hi++;
        let bucket = lo;
        if (hi > lo) {
          const e = exactDistance(q.data, qi, dist.data, j, d);
          while (bucket < hi && sortedDist[bucket] <= e) bucket++;
        }
        hist[bucket]++;
        while (c < cutoffs.length && seen === cutoffs[c]) record(c++);
      }
      // Lists shorter than a pool size are used whole (numpy slicing past the end).
      while (c < cutoffs.length) record(c++);
    }
  }
  const table: Partial<Record<Level, number[]>> = {};
  levels.forEach((level, l) => (table[level] = Array.from(sums[l], (s) => s / nq)));
  const meanRow = poolSizes.map((_, ci) => float32Mean(levels.map((l) => table[l]![ci])));
  const map = meanRow.reduce((s, v) => s + v, 0) / meanRow.length;
  return { poolSizes, table, meanRow, map, queries: nq, distractors: nd };
}
