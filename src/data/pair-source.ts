/**
 * Denoising pairs as the study's DenoiseHPatches generator: every patch of each of the 16 images of the
 * chosen sequences gives one (noisy → clean) pair; the order is reshuffled every epoch (seeded) and
 * an epoch has floor(pairs / batch) batches. Batches are made on demand: memory is one index per pair.
 */
import { createRng } from '../random/seeded-rng.js';
import {
  IMAGE_TYPES,
  type BatchSource,
  type PairBatch,
  type PatchDataset,
  type Sequence,
} from './dataset.js';
import { pickSequences } from './pick-sequences.js';

export interface PairSourceOptions {
  readonly dataset: PatchDataset;
  /** Sequence names (default: all the dataset's sequences). */
  readonly sequences?: readonly string[];
  readonly batchSize: number;
  readonly seed: number;
}

export function createPairSource(options: PairSourceOptions): BatchSource<PairBatch> {
  const { dataset, batchSize, seed } = options;
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  const sequences = pickSequences(dataset, options.sequences);
  const perImage = sequences.map((s) => s.count);
  // start[i] = first pair index of sequence i; pairs run sequence → image type → patch.
  const start = new Float64Array(sequences.length + 1);
  sequences.forEach((s, i) => (start[i + 1] = start[i] + s.count * IMAGE_TYPES.length));
  const samples = start[sequences.length];
  if (samples > 0xffffffff)
    throw new Error(`${samples} pairs exceed the sampler's 2^32 index range; use fewer sequences`);
  const steps = Math.floor(samples / batchSize);
  const p2 = dataset.patchSize * dataset.patchSize;

  const locate = (g: number): [Sequence, number, number] => {
    let lo = 0,
      hi = sequences.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (start[mid] <= g) lo = mid;
      else hi = mid - 1;
    }
    const local = g - start[lo];
    return [sequences[lo], Math.floor(local / perImage[lo]), local % perImage[lo]];
  };

  return {
    patchSize: dataset.patchSize,
    samples,
    steps,
    *epoch(e: number): Iterable<PairBatch> {
      const order = new Uint32Array(samples);
      for (let i = 0; i < samples; i++) order[i] = i;
      const rng = createRng(`pairs:${seed}:${e}`);
      for (let i = samples - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (let b = 0; b < steps; b++) {
        const x = new Float32Array(batchSize * p2);
        const y = new Float32Array(batchSize * p2);
        for (let k = 0; k < batchSize; k++) {
          const [seq, type, patch] = locate(order[b * batchSize + k]);
          const image = seq.images[IMAGE_TYPES[type]];
          x.set(image.noisy.data.subarray(patch * p2, (patch + 1) * p2), k * p2);
          y.set(image.clean.data.subarray(patch * p2, (patch + 1) * p2), k * p2);
        }
        yield { kind: 'pairs', n: batchSize, x, y };
      }
    },
  };
}
