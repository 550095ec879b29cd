/**
 * Descriptors of every patch of every image of the evaluated sequences: the in-memory form of the
 * benchmark's `<descriptor>/<sequence>/<type>.csv` tree. Stored as float32, as the benchmark loads them.
 */
import { IMAGE_TYPES, type ImageType, type PatchDataset, type Sequence } from '../../data/dataset.js';

export interface SequenceDescriptors {
  readonly name: string;
  readonly count: number;
  /** `count × dim` row-major descriptors per image type. */
  readonly images: Readonly<Record<ImageType, Float32Array>>;
}

export interface DescriptorSet {
  readonly dim: number;
  readonly sequences: ReadonlyMap<string, SequenceDescriptors>;
}

/** Maps `n` patches (`n × s × s` floats, 0–255) to `n × D` descriptors; supplied by the pipeline. */
export type DescribeFn = (patches: Float32Array, n: number) => Promise<Float32Array>;

export interface DescribeDatasetOptions {
  readonly dataset: PatchDataset;
  readonly describe: DescribeFn;
  /** Which sequences to describe (default: all of the dataset). */
  readonly sequences?: readonly string[];
  /** Evaluate the noisy patches (N-HPatches protocol, default) or the clean ones. */
  readonly patches?: 'noisy' | 'clean';
  /** Patches per `describe` call (default 512). */
  readonly batchSize?: number;
}

/** Finds the named sequences, saying which are missing and which exist. */
export function selectSequences(dataset: PatchDataset, names?: readonly string[]): Sequence[] {
  if (!names) return [...dataset.sequences];
  const byName = new Map(dataset.sequences.map((s) => [s.name, s]));
  const missing = names.filter((n) => !byName.has(n));
  if (missing.length > 0) {
    throw new Error(
      `evaluation: sequences ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''} are not in the dataset ` +
        `at ${dataset.root} (it has ${dataset.sequences.length}: ${dataset.sequences
          .slice(0, 3)
          .map((s) => s.name)
          .join(', ')}, …); ` +
        'check data.split and the dataset root',
    );
  }
  return names.map((n) => byName.get(n)!);
}

/**
 * Runs `describe` over every patch in batches that may span images and sequences, so small sequences
 * do not make small batches. Patches are converted from 8-bit to float 0–255 once per batch.
 */
export async function describeDataset(options: DescribeDatasetOptions): Promise<DescriptorSet> {
  const { dataset, describe } = options;
  const batchSize = options.batchSize ?? 512;
  const which = options.patches ?? 'noisy';
  const pixels = dataset.patchSize * dataset.patchSize;
  const sequences = selectSequences(dataset, options.sequences);
  // Every (sequence, image) stack, with the descriptors filled in as batches come back.
  const jobs = sequences.flatMap((seq) =>
    IMAGE_TYPES.map((type) => ({ seq, type, stack: seq.images[type][which] })),
  );
  const out = new Map<string, Record<string, Float32Array>>();
  let dim = 0;
  const input = new Float32Array(batchSize * pixels);
  let pending: { job: number; from: number; n: number }[] = [];
  let filled = 0;
  const flush = async (): Promise<void> => {
    if (filled === 0) return;
    const result = await describe(input.subarray(0, filled * pixels), filled);
    if (dim === 0) {
      dim = result.length / filled;
      if (!Number.isInteger(dim) || dim < 1) {
        throw new Error(
          `evaluation: describe returned ${result.length} values for ${filled} patches; expected n × D`,
        );
      }
    } else if (result.length !== filled * dim) {
      throw new Error(
        `evaluation: describe returned ${result.length} values for ${filled} patches; expected ${filled} × ${dim}`,
      );
    }
    let at = 0;
    for (const part of pending) {
      const { seq, type } = jobs[part.job];
      const images = out.get(seq.name) ?? {};
      out.set(seq.name, images);
      images[type] ??= new Float32Array(seq.count * dim);
      images[type].set(result.subarray(at * dim, (at + part.n) * dim), part.from * dim);
      at += part.n;
    }
    pending = [];
    filled = 0;
  };
  for (let j = 0; j < jobs.length; j++) {
    const { seq, type, stack } = jobs[j];
    if (stack.count !== seq.count || stack.data.length !== seq.count * pixels) {
      throw new Error(
        `evaluation: ${seq.name}/${type} (${which}) holds ${stack.count} patches, the sequence says ${seq.count}`,
      );
    }
    for (let from = 0; from < seq.count;) {
      const n = Math.min(batchSize - filled, seq.count - from);
      const src = stack.data.subarray(from * pixels, (from + n) * pixels);
      const dst = input.subarray(filled * pixels, (filled + n) * pixels);
      for (let i = 0; i < src.length; i++) dst[i] = src[i];
      pending.push({ job: j, from, n });
      filled += n;
      from += n;
      if (filled === batchSize) await flush();
    }
  }
  await flush();
  const result = new Map<string, SequenceDescriptors>();
  for (const seq of sequences) {
    const images = out.get(seq.name) ?? Object.fromEntries(IMAGE_TYPES.map((t) => [t, new Float32Array(0)]));
    result.set(seq.name, {
      name: seq.name,
      count: seq.count,
      images: images as Record<ImageType, Float32Array>,
    });
  }
  return { dim, sequences: result };
}

/** The descriptors of one sequence, or an error naming what the task file asked for. */
export function sequenceOf(set: DescriptorSet, name: string, where: string): SequenceDescriptors {
  const seq = set.sequences.get(name);
  if (!seq) {
    throw new Error(
      `${where}: sequence "${name}" has no descriptors; evaluate a dataset that contains it or use task files made for this dataset`,
    );
  }
  return seq;
}
