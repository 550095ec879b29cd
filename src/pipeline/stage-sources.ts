/**
 * A stage's `data:` sampler turned into train and validation batch sources. Pairs draw their sequences
 * from the split's train side (training) and test side (validation), as the study's denoiser did;
 * triplets sample the train side for training and the test side for validation.
 */
import type { Batch, BatchSource, PatchDataset } from '../data/dataset.js';
import type { ResolvedSplit } from '../data/splits.js';
import { chooseSequences } from '../data/choose-sequences.js';
import { createPairSource } from '../data/pair-source.js';
import { createTripletSource } from '../data/triplet-source.js';
import type { SamplerSpec } from '../schema/generated/experiment.js';

export interface StageSources {
  readonly kind: 'pairs' | 'triplets';
  readonly train: BatchSource<Batch>;
  readonly val?: BatchSource<Batch>;
  /** The sequences each side uses, for the log and the params. */
  readonly sequences: { readonly train: readonly string[]; readonly val: readonly string[] };
}

export function createStageSources(o: {
  stage: string;
  sampler: SamplerSpec;
  dataset: PatchDataset;
  split: ResolvedSplit;
  batchSize: number;
  seed: number;
}): StageSources {
  const { sampler, dataset, split, batchSize, seed, stage } = o;
  if (sampler.type === 'pairs') {
    const train = chooseSequences({ choice: sampler.train_sequences, from: split.train, seed, label: `${stage}/train` });
    const val = chooseSequences({ choice: sampler.val_sequences, from: split.test, seed, label: `${stage}/val` });
    return {
      kind: 'pairs',
      train: createPairSource({ dataset, sequences: train, batchSize, seed }),
      val: createPairSource({ dataset, sequences: val, batchSize, seed: seed + 1 }),
      sequences: { train, val },
    };
  }
  const input = sampler.input ?? 'noisy';
  const val = sampler.val ?? 10000;
  return {
    kind: 'triplets',
    train: createTripletSource({ dataset, sequences: split.train, samples: sampler.train ?? 100000, batchSize, seed, input }),
    val:
      val > 0
        ? createTripletSource({ dataset, sequences: split.test, samples: val, batchSize, seed: seed + 1, input })
        : undefined,
    sequences: { train: split.train, val: val > 0 ? split.test : [] },
  };
}
