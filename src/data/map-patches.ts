/**
 * A copy of a dataset whose stacks went through a batch function, e.g. a trained denoiser: the
 * descriptor stage then samples triplets from the denoised patches. Outputs are clipped to 0–255 and
 * rounded (or truncated, as the study's `clip(int(pred))`) back to uint8.
 */
import {
  IMAGE_TYPES,
  type ImageType,
  type PatchDataset,
  type PatchImage,
  type PatchStack,
  type Sequence,
} from './dataset.js';

/** Receives `n` patches as floats 0–255 (`n × patchSize²`); returns the same shape. */
export type PatchBatchFn = (
  x: Float32Array,
  n: number,
) => Promise<Float32Array | ArrayLike<number>> | Float32Array | ArrayLike<number>;

export interface MapPatchesOptions {
  /** Which stacks to transform and replace (default `noisy`: the input of the descriptor stage). */
  readonly stacks?: 'noisy' | 'clean' | 'both';
  /** Patches per call of fn (the study predicts in batches of 100). */
  readonly batchSize?: number;
  /** How floats become uint8 after clipping to 0–255: `round` (default) or `truncate`. */
  readonly rounding?: 'round' | 'truncate';
}

export async function mapPatches(
  dataset: PatchDataset,
  fn: PatchBatchFn,
  options: MapPatchesOptions = {},
): Promise<PatchDataset> {
  const which = options.stacks ?? 'noisy';
  const batchSize = options.batchSize ?? 100;
  const toByte = options.rounding === 'truncate' ? Math.trunc : Math.round;
  const p2 = dataset.patchSize * dataset.patchSize;

  const mapStack = async (stack: PatchStack, where: string): Promise<PatchStack> => {
    const out = new Uint8Array(stack.data.length);
    for (let first = 0; first < stack.count; first += batchSize) {
      const n = Math.min(batchSize, stack.count - first);
      const x = Float32Array.from(stack.data.subarray(first * p2, (first + n) * p2));
      const y = await fn(x, n);
      if (y.length !== n * p2)
        throw new Error(
          `mapPatches: ${where}: the function returned ${y.length} values for ${n} patches of ${p2} pixels`,
        );
      for (let i = 0; i < n * p2; i++) {
        const v = y[i];
        out[first * p2 + i] = v <= 0 || Number.isNaN(v) ? 0 : v >= 255 ? 255 : toByte(v);
      }
    }
    return { count: stack.count, data: out };
  };

  const sequences: Sequence[] = [];
  for (const seq of dataset.sequences) {
    const images = {} as Record<ImageType, PatchImage>;
    for (const type of IMAGE_TYPES) {
      const image = seq.images[type];
      const where = `${seq.name}/${type}`;
      images[type] = {
        clean: which === 'noisy' ? image.clean : await mapStack(image.clean, where),
        noisy: which === 'clean' ? image.noisy : await mapStack(image.noisy, `${where}_noise`),
      };
    }
    sequences.push({ name: seq.name, count: seq.count, images });
  }
  return { ...dataset, sequences };
}
