/**
 * A stage's `data:` sampler (data.schema.json#/$defs/sampler) turned into its train and validation
 * BatchSources: pairs from chosen sequences of the split's train / test sides, or triplets over all of
 * them. Train and validation use independent seeds derived from (seed, stage).
 */
import type { SamplerSpec } from '../schema/generated/experiment.js';
import type { BatchSource, PairBatch, PatchDataset, TripletBatch } from './dataset.js';
import type { ResolvedSplit } from './splits.js';
import { chooseSequences } from './choose-sequences.js';
import { createPairSource } from './pair-source.js';
import { createTripletSource } from './triplet-source.js';
import { hashString } from '../random/seeded-rng.js';

export interface StageSources<B extends PairBatch | TripletBatch = PairBatch | TripletBatch> {
  readonly train: BatchSource<B>;
  /** Undefined when the sampler asks for no validation (val: 0) or the split has no test side. */
  readonly val: BatchSource<B> | undefined;
  readonly trainSequences: readonly string[];
  readonly valSequences: readonly string[];
}

export function createStageSources(options: {
  dataset: PatchDataset;
  split: ResolvedSplit;
  sampler: SamplerSpec;
  batchSize: number;
  seed: number;
  /** Stage name: separates the random streams of two stages with one seed. */
  stage: string;
}): StageSources {
  const { dataset, split, sampler, batchSize, seed, stage } = options;
  const seedFor = (side: string): number => hashString(`${seed}:${stage}:${side}`);
  if (split.train.length === 0)
    throw new Error(
      `stage ${stage}: split "${split.name}" has no train sequences; use split a, b, c or explicit lists`,
    );
  if (sampler.type === 'pairs') {
    const trainSequences = chooseSequences({
      choice: sampler.train_sequences,
      from: split.train,
      seed,
      label: `${stage}/train_sequences`,
    });
    const valSequences = split.test.length
      ? chooseSequences({
          choice: sampler.val_sequences,
          from: split.test,
          seed,
          label: `${stage}/val_sequences`,
        })
      : [];
    return {
      train: createPairSource({ dataset, sequences: trainSequences, batchSize, seed: seedFor('train') }),
      val: valSequences.length
        ? createPairSource({ dataset, sequences: valSequences, batchSize, seed: seedFor('val') })
        : undefined,
      trainSequences,
      valSequences,
    };
  }
  const input = sampler.input ?? 'noisy';
  const val = sampler.val ?? 10000;
  return {
    train: createTripletSource({
      dataset,
      sequences: split.train,
      samples: sampler.train ?? 100000,
      batchSize,
      seed: seedFor('train'),
      input,
    }),
    val:
      val > 0 && split.test.length
        ? createTripletSource({
            dataset,
            sequences: split.test,
            samples: val,
            batchSize,
            seed: seedFor('val'),
            input,
          })
        : undefined,
    trainSequences: split.train,
    valSequences: val > 0 ? split.test : [],
  };
}
