/**
 * In-memory form of an HPatches-style patch dataset, shared by loaders, samplers, the denoising
 * transform and the evaluator. Patches are 8-bit grey, row-major, `patchSize × patchSize`, stacked.
 */

/** The 16 image types of a sequence, in the benchmark's order (`tps` in hpatches-benchmark). */
export const IMAGE_TYPES = [
  'ref',
  'e1',
  'e2',
  'e3',
  'e4',
  'e5',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  't1',
  't2',
  't3',
  't4',
  't5',
] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** Noise/jitter levels of the benchmark: e = easy, h = hard, t = tough. */
export const LEVELS = ['easy', 'hard', 'tough'] as const;
export type Level = (typeof LEVELS)[number];

/** N patches of one image type: `data.length === count * patchSize * patchSize`. */
export interface PatchStack {
  readonly count: number;
  readonly data: Uint8Array;
}

export interface PatchImage {
  /** The clean patches (`<type>.png`). */
  readonly clean: PatchStack;
  /** The noisy patches (`<type>_noise.png`, or made by a declared noise model). */
  readonly noisy: PatchStack;
}

export interface Sequence {
  /** Folder name, e.g. `i_ajuntament` or `v_abstract` (prefix i_ = illumination, v_ = viewpoint). */
  readonly name: string;
  /** Patches per image; patch i is the same physical region in all 16 images. */
  readonly count: number;
  readonly images: Readonly<Record<ImageType, PatchImage>>;
}

export interface PatchDataset {
  readonly root: string;
  readonly patchSize: number;
  readonly sequences: readonly Sequence[];
  /** Splits the dataset declares in its own `splits.json` (generated datasets do), by name. */
  readonly declaredSplits?: Readonly<Record<string, DeclaredSplit>>;
}

/** One entry of a `splits.json` (hpatches-benchmark format; `train` absent for test-only splits). */
export interface DeclaredSplit {
  readonly name: string;
  readonly train?: readonly string[];
  readonly test: readonly string[];
}

/** A batch of denoising pairs: `x` noisy, `y` clean, each `n × patchSize² ` floats in 0–255. */
export interface PairBatch {
  readonly kind: 'pairs';
  readonly n: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
}

/** A batch of triplets: anchor, positive (same patch, another image), negative (another patch). */
export interface TripletBatch {
  readonly kind: 'triplets';
  readonly n: number;
  readonly anchor: Float32Array;
  readonly positive: Float32Array;
  readonly negative: Float32Array;
}

export type Batch = PairBatch | TripletBatch;

/** A seeded, re-iterable stream of batches; `epoch(e)` regenerates samples for epoch e (bounded memory). */
export interface BatchSource<B extends Batch = Batch> {
  readonly patchSize: number;
  /** Samples per epoch and batches per epoch (floor, as the study's Keras generators). */
  readonly samples: number;
  readonly steps: number;
  epoch(e: number): Iterable<B>;
}
