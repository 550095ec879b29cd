import * as tf from '@tensorflow/tfjs';
import type { Batch, BatchSource, PairBatch, TripletBatch } from '../../src/data/dataset.js';
import { createRng } from '../../src/random/seeded-rng.js';

/** A tiny in-memory BatchSource for trainer tests: `make(epoch)` returns the epoch's batches. */
export function memorySource<B extends Batch>(
  patchSize: number,
  steps: number,
  make: (epoch: number) => B[],
): BatchSource<B> {
  const first = make(0);
  return { patchSize, steps, samples: first.reduce((s, b) => s + b.n, 0), epoch: (e) => make(e) };
}

/** Seeded regression pairs y = x·2 − 1 (values per sample = patchSize²), different every epoch. */
export function regressionPairs(opts: {
  seed: number;
  steps: number;
  n: number;
  patchSize?: number;
}): BatchSource<PairBatch> {
  const size = (opts.patchSize ?? 2) ** 2;
  return memorySource(opts.patchSize ?? 2, opts.steps, (epoch) => {
    const rng = createRng(`${opts.seed}:${epoch}`);
    return Array.from({ length: opts.steps }, () => {
      const x = Float32Array.from({ length: opts.n * size }, () => rng.normal());
      return { kind: 'pairs' as const, n: opts.n, x, y: x.map((v) => v * 2 - 1) };
    });
  });
}

/** Seeded random triplets (values per sample = patchSize²), different every epoch. */
export function randomTriplets(opts: {
  seed: number;
  steps: number;
  n: number;
  patchSize?: number;
}): BatchSource<TripletBatch> {
  const size = (opts.patchSize ?? 2) ** 2;
  return memorySource(opts.patchSize ?? 2, opts.steps, (epoch) => {
    const rng = createRng(`${opts.seed}:${epoch}`);
    const draw = (): Float32Array => Float32Array.from({ length: opts.n * size }, () => rng.normal());
    return Array.from({ length: opts.steps }, () => {
      const anchor = draw();
      return {
        kind: 'triplets' as const,
        n: opts.n,
        anchor,
        positive: anchor.map((v) => v + 0.1 * rng.normal()),
        negative: draw(),
      };
    });
  });
}

/** A small dense network with batch norm and dropout on flat inputs of `size`, seeded initialisation. */
export function tinyModel(opts: {
  size: number;
  out: number;
  seed: number;
  dropout?: number;
  batchNorm?: boolean;
}): tf.LayersModel {
  const input = tf.input({ shape: [opts.size] });
  let h = tf.layers
    .dense({
      units: 8,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: opts.seed }),
    })
    .apply(input) as tf.SymbolicTensor;
  if (opts.batchNorm) h = tf.layers.batchNormalization().apply(h) as tf.SymbolicTensor;
  if (opts.dropout) h = tf.layers.dropout({ rate: opts.dropout }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({ units: opts.out, kernelInitializer: tf.initializers.glorotUniform({ seed: opts.seed + 1 }) })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** All weights of a model as plain arrays (for bitwise comparison). */
export function weightValues(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}
