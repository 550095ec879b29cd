/** Small in-memory PatchDatasets for the evaluation tests (the loaders are tested elsewhere). */
import {
  IMAGE_TYPES,
  type ImageType,
  type PatchDataset,
  type PatchImage,
  type Sequence,
} from '../../../src/data/dataset.js';
import type { DescribeFn } from '../../../src/eval/hpatches/descriptor-set.js';
import { createRng } from '../../../src/random/seeded-rng.js';

export interface SmallDatasetOptions {
  readonly sequences: readonly { name: string; count: number }[];
  readonly patchSize?: number;
  readonly seed?: number;
  /** Pixel noise of target images (e/h/t) and of the noisy copies; 0 makes every image equal to ref. */
  readonly noise?: number;
}

export function makeDataset(options: SmallDatasetOptions): PatchDataset {
  const s = options.patchSize ?? 8;
  const noise = options.noise ?? 0;
  const rng = createRng(options.seed ?? 1);
  const clip = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  const sequences: Sequence[] = options.sequences.map(({ name, count }) => {
    const ref = new Uint8Array(count * s * s).map(() => rng.int(256));
    const perturb = (scale: number) => ref.map((v) => clip(v + scale * noise * rng.normal()));
    const images = {} as Record<ImageType, PatchImage>;
    for (const type of IMAGE_TYPES) {
      const scale = type === 'ref' ? 0 : type[0] === 'e' ? 1 : type[0] === 'h' ? 2 : 3;
      const clean = scale === 0 ? ref : perturb(scale);
      images[type] = {
        clean: { count, data: clean },
        noisy: { count, data: noise === 0 ? clean : perturb(1) },
      };
    }
    return { name, count, images };
  });
  return { root: 'memory:test', patchSize: s, sequences };
}

export const names = (n: number, count: number) =>
  Array.from({ length: n }, (_, i) => ({
    name: `${i % 2 ? 'v' : 'i'}_seq${String(i).padStart(2, '0')}`,
    count,
  }));

/** The patch's own pixels as its descriptor. */
export const pixelDescriptor: DescribeFn = async (patches) => Float32Array.from(patches);

/** Pixels divided by 4: exactly representable with 5 decimals, so exporting them loses nothing. */
export const quarterPixelDescriptor: DescribeFn = async (patches) => Float32Array.from(patches, (v) => v / 4);

/** Independent standard-normal descriptors, whatever the patch. */
export function randomDescriptor(dim: number, seed: number): DescribeFn {
  const rng = createRng(seed);
  return async (_patches, n) => Float32Array.from({ length: n * dim }, () => rng.normal());
}
