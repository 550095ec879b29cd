/**
 * PatchDatasets built in memory for sampler tests. Each patch carries its identity: pixel 0 and 1 hold
 * a unique id of (sequence, image type, patch) in base 250, pixel 2 is 0 for clean and 1 for noisy.
 */
import { IMAGE_TYPES, type ImageType, type PatchDataset, type PatchImage } from '../../src/data/dataset.js';

export function memoryDataset(counts: readonly number[], patchSize = 4): PatchDataset {
  const p2 = patchSize * patchSize;
  let first = 0;
  return {
    root: '(memory)',
    patchSize,
    sequences: counts.map((count, s) => {
      const images = {} as Record<ImageType, PatchImage>;
      IMAGE_TYPES.forEach((type, t) => {
        const clean = new Uint8Array(count * p2);
        const noisy = new Uint8Array(count * p2);
        for (let p = 0; p < count; p++) {
          const id = (first + p) * 16 + t;
          for (const [stack, flag] of [
            [clean, 0],
            [noisy, 1],
          ] as const) {
            stack[p * p2] = id % 250;
            stack[p * p2 + 1] = Math.floor(id / 250);
            stack[p * p2 + 2] = flag;
          }
        }
        images[type] = { clean: { count, data: clean }, noisy: { count, data: noisy } };
      });
      first += count;
      return { name: `seq${s}`, count, images };
    }),
  };
}

export interface PatchId {
  readonly seq: number;
  readonly type: number;
  readonly patch: number;
  readonly noisy: boolean;
}

/** The identity of patch k of a batch array (`n × patchSize²` floats). */
export function identify(batch: Float32Array, k: number, counts: readonly number[], patchSize = 4): PatchId {
  const at = k * patchSize * patchSize;
  const id = batch[at] + 250 * batch[at + 1];
  const type = id % 16;
  let cls = Math.floor(id / 16);
  let seq = 0;
  while (cls >= counts[seq]) cls -= counts[seq++];
  return { seq, type, patch: cls, noisy: batch[at + 2] === 1 };
}
