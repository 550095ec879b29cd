/**
 * Task files for a dataset the benchmark has none for, made by the rules of hpatches-benchmark
 * `tasks.py` (`gen_verif`, `gen_retrieval`) with trellis's seeded generator instead of numpy's, so the
 * same evaluator serves real and generated data. Sequences are drawn from the names in sorted order, so
 * the files do not depend on the order the dataset lists its sequences.
 */
import type { PatchDataset } from '../../data/dataset.js';
import { createRng, type Rng } from '../../random/seeded-rng.js';
import type { PatchList, RetrievalTasks, VerificationPairs, VerificationTasks } from './task-files.js';

/** Patches in split 'a' test sequences and the benchmark's task sizes for them, the basis of the scaled defaults. */
const SPLIT_A_PATCHES = 59_532;
const SPLIT_A = { verificationPairs: 1_000_000, queries: 10_000, distractors: 20_000 };

export interface TaskSizes {
  readonly verificationPairs: number;
  readonly queries: number;
  readonly distractors: number;
}

/** The benchmark's sizes scaled by the number of reference patches (capped at the benchmark's). */
export function defaultTaskSizes(refPatches: number): TaskSizes {
  const scale = (full: number) =>
    Math.max(1, Math.min(full, Math.round((full * refPatches) / SPLIT_A_PATCHES)));
  return {
    verificationPairs: scale(SPLIT_A.verificationPairs),
    queries: scale(SPLIT_A.queries),
    distractors: scale(SPLIT_A.distractors),
  };
}

export interface SequenceSize {
  readonly name: string;
  readonly count: number;
}

/** Two distinct integers in [0, n), as `np.random.choice(np.arange(n), 2, replace=False)`. */
function twoDistinct(rng: Rng, n: number): [number, number] {
  const a = rng.int(n);
  let b = rng.int(n - 1);
  if (b >= a) b++;
  return [a, b];
}

export interface GenerateVerificationOptions {
  readonly sequences: readonly SequenceSize[];
  readonly pairs: number;
  readonly seed: number;
}

/**
 * `gen_verif`: positives = same sequence and index in two different images among ids 0–4; intra
 * negatives = the same rows with the second index another patch of the sequence; inter negatives = the
 * first patch of each positive against a random patch of a random sequence (which may be the same one).
 */
export function generateVerificationTasks(options: GenerateVerificationOptions): VerificationTasks {
  const seqs = [...options.sequences].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const small = seqs.filter((s) => s.count < 2);
  if (seqs.length === 0 || small.length > 0) {
    throw new Error(
      `verification: every sequence needs at least 2 patches (${small.map((s) => `${s.name}: ${s.count}`).join(', ') || 'no sequences'})`,
    );
  }
  const n = options.pairs;
  const rng = createRng(options.seed).fork('verification');
  const names = seqs.map((s) => s.name);
  const s = new Uint32Array(n);
  const idxA = new Int32Array(n);
  const idxB = new Int32Array(n);
  const tA = new Uint8Array(n);
  const tB = new Uint8Array(n);
  for (let r = 0; r < n; r++) s[r] = rng.int(seqs.length);
  for (let r = 0; r < n; r++) [idxA[r], idxB[r]] = twoDistinct(rng, seqs[s[r]].count);
  for (let r = 0; r < n; r++) [tA[r], tB[r]] = twoDistinct(rng, 5);
  const sInter = new Uint32Array(n);
  const idxInter = new Int32Array(n);
  for (let r = 0; r < n; r++) sInter[r] = rng.int(seqs.length);
  for (let r = 0; r < n; r++) idxInter[r] = rng.int(seqs[sInter[r]].count);
  const pairs = (s2: Uint32Array, idx2: Int32Array): VerificationPairs => ({
    names,
    s1: s,
    t1: tA,
    idx1: idxA,
    s2,
    t2: tB,
    idx2,
  });
  return { pos: pairs(s, idxA), neg_intra: pairs(s, idxB), neg_inter: pairs(sInter, idxInter) };
}

export interface GenerateRetrievalOptions {
  readonly dataset: PatchDataset;
  /** Sequences to draw from (default: all). */
  readonly sequences?: readonly string[];
  readonly queries: number;
  readonly distractors: number;
  readonly seed: number;
  /** Patches whose clean `ref` pixels have a standard deviation at or below this are skipped (benchmark: 10). */
  readonly minStd?: number;
}

function patchStd(data: Uint8Array, from: number, pixels: number): number {
  let sum = 0;
  let sq = 0;
  for (let i = from; i < from + pixels; i++) {
    sum += data[i];
    sq += data[i] * data[i];
  }
  const mean = sum / pixels;
  return Math.sqrt(Math.max(0, sq / pixels - mean * mean));
}

/**
 * `gen_retrieval`: draw 4× the queries and 10× the distractors as random (sequence, ref index), keep the
 * textured ones (std > 10), drop duplicates, keep the first `queries`, remove them from the distractors and
 * keep the first `distractors`. Fewer come out when the dataset has too few textured patches.
 */
export function generateRetrievalTasks(options: GenerateRetrievalOptions): RetrievalTasks {
  const wanted = new Set(options.sequences ?? options.dataset.sequences.map((s) => s.name));
  const seqs = options.dataset.sequences
    .filter((s) => wanted.has(s.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (seqs.length === 0) throw new Error('retrieval: no sequences to draw queries from');
  const names = seqs.map((s) => s.name);
  const pixels = options.dataset.patchSize ** 2;
  const minStd = options.minStd ?? 10;
  const rng = createRng(options.seed).fork('retrieval');
  const draw = (count: number): { s: number; idx: number }[] => {
    const s = Array.from({ length: count }, () => rng.int(seqs.length));
    return s.map((si) => ({ s: si, idx: rng.int(seqs[si].count) }));
  };
  const qDraws = draw(4 * options.queries);
  const dDraws = draw(10 * options.distractors);
  const textured = (p: { s: number; idx: number }) =>
    patchStd(seqs[p.s].images.ref.clean.data, p.idx * pixels, pixels) > minStd;
  const key = (p: { s: number; idx: number }) => p.s * 2 ** 31 + p.idx;
  const unique = (list: { s: number; idx: number }[]) => {
    const seen = new Set<number>();
    return list.filter((p) => !seen.has(key(p)) && (seen.add(key(p)), true));
  };
  const queries = unique(qDraws.filter(textured)).slice(0, options.queries);
  const queryKeys = new Set(queries.map(key));
  const distractors = unique(dDraws.filter(textured))
    .filter((p) => !queryKeys.has(key(p)))
    .slice(0, options.distractors);
  const list = (items: { s: number; idx: number }[]): PatchList => ({
    names,
    s: Uint32Array.from(items, (p) => p.s),
    idx: Int32Array.from(items, (p) => p.idx),
  });
  return { queries: list(queries), distractors: list(distractors) };
}
