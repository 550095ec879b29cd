/**
 * Descriptor triplets exactly as the study's generate_triplets (keras_triplet_descriptor): a class is a
 * patch position of a sequence, whose 16 members are its 16 images. Per triplet: class c1 uniform,
 * not repeated within each run of 32 consecutive triplets (hard-coded 32 there, not the batch size);
 * c2 ≠ c1 uniform; anchor and positive two distinct random members of c1; negative a random member
 * of c2. Regenerated every epoch from (seed, epoch); made batch by batch, so memory stays bounded.
 */
import { createRng } from '../random/seeded-rng.js';
import {
  IMAGE_TYPES,
  type BatchSource,
  type PatchDataset,
  type PatchStack,
  type TripletBatch,
} from './dataset.js';
import { pickSequences } from './pick-sequences.js';

export interface TripletSourceOptions {
  readonly dataset: PatchDataset;
  /** Sequence names (default: all the dataset's sequences). */
  readonly sequences?: readonly string[];
  /** Triplets per epoch (exact; an epoch yields floor(samples / batchSize) full batches). */
  readonly samples: number;
  readonly batchSize: number;
  readonly seed: number;
  /** Which stacks the patches come from: the noisy ones (possibly replaced by mapPatches) or clean. */
  readonly input?: 'noisy' | 'clean';
}

/** Run length within which the first class of a triplet does not repeat (the study's constant). */
export const CLASS_RUN = 32;

export function createTripletSource(options: TripletSourceOptions): BatchSource<TripletBatch> {
  const { dataset, samples, batchSize, seed } = options;
  const input = options.input ?? 'noisy';
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  if (!(Number.isInteger(samples) && samples >= 0))
    throw new Error(`triplet count must be a non-negative integer, got ${samples}`);
  const sequences = pickSequences(dataset, options.sequences);
  // Class k → (sequence, patch): classOffset[i] = first class of sequence i.
  const classOffset = new Float64Array(sequences.length + 1);
  sequences.forEach((s, i) => (classOffset[i + 1] = classOffset[i] + s.count));
  const nClasses = classOffset[sequences.length];
  if (samples > 0 && nClasses < 2)
    throw new Error(`triplets need at least 2 patches in the chosen sequences, found ${nClasses}`);
  const stacks: PatchStack[][] = sequences.map((s) => IMAGE_TYPES.map((t) => s.images[t][input]));
  const p2 = dataset.patchSize * dataset.patchSize;
  const members = IMAGE_TYPES.length;
  const run = Math.min(CLASS_RUN, nClasses);
  const steps = Math.floor(samples / batchSize);

  const copyPatch = (cls: number, member: number, out: Float32Array, at: number): void => {
    let lo = 0,
      hi = sequences.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (classOffset[mid] <= cls) lo = mid;
      else hi = mid - 1;
    }
    const patch = cls - classOffset[lo];
    out.set(stacks[lo][member].data.subarray(patch * p2, (patch + 1) * p2), at * p2);
  };

  return {
    patchSize: dataset.patchSize,
    samples,
    steps,
    *epoch(e: number): Iterable<TripletBatch> {
      const rng = createRng(`triplets:${seed}:${e}`);
      // usedIn[c] = 1 + index of the run in which c was last chosen as c1 (0 = never).
      const usedIn = new Uint32Array(nClasses);
      let runIndex = 1;
      let inRun = 0;
      for (let b = 0; b < steps; b++) {
        const anchor = new Float32Array(batchSize * p2);
        const positive = new Float32Array(batchSize * p2);
        const negative = new Float32Array(batchSize * p2);
        for (let k = 0; k < batchSize; k++) {
          if (inRun >= run) {
            runIndex++;
            inRun = 0;
          }
          let c1 = rng.int(nClasses);
          while (usedIn[c1] === runIndex) c1 = rng.int(nClasses);
          usedIn[c1] = runIndex;
          inRun++;
          let c2 = rng.int(nClasses);
          while (c2 === c1) c2 = rng.int(nClasses);
          const n1 = rng.int(members);
          let n2 = rng.int(members);
          while (n2 === n1) n2 = rng.int(members);
          copyPatch(c1, n1, anchor, k);
          copyPatch(c1, n2, positive, k);
          copyPatch(c2, rng.int(members), negative, k);
        }
        yield { kind: 'triplets', n: batchSize, anchor, positive, negative };
      }
    },
  };
}
