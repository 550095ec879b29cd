import type * as tf from '@tensorflow/tfjs';
import { hashString } from '../random/seeded-rng.js';

/** Layer classes whose TF.js implementation draws from a `seed` field (tfjs-layers core.js Dropout). */
const SEEDED = new Set(['Dropout', 'SpatialDropout1D']);
/** Random layers without a seed in TF.js 4.22 (noise.js uses Math.random): a run with them cannot repeat. */
const UNSEEDABLE = new Set(['GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

type Layer = tf.layers.Layer;
type Seeded = { seed?: number };

function allLayers(layer: Layer): Layer[] {
  const inner = (layer as unknown as { layers?: Layer[] }).layers;
  return inner ? [layer, ...inner.flatMap(allLayers)] : [layer];
}

/** Dropout-like layers of `model` (nested models included), in a stable order. */
export function seededLayers(model: tf.LayersModel): Layer[] {
  const layers = allLayers(model as unknown as Layer);
  const bad = layers.filter((l) => UNSEEDABLE.has(l.getClassName()));
  if (bad.length > 0) {
    throw new Error(
      `layer "${bad[0].name}" (${bad[0].getClassName()}) draws unseeded random numbers in TF.js, so training could not be reproduced; use dropout instead`,
    );
  }
  return layers.filter((l) => SEEDED.has(l.getClassName()));
}

/**
 * Gives every dropout layer a seed derived from (run seed, epoch, step, application): TF.js draws a mask
 * from the layer's fixed seed on every call, so a constant seed would repeat one mask; deriving it per step
 * makes masks vary yet repeat exactly on a rerun or a resume, with no generator state to checkpoint.
 */
export function seedLayersForStep(
  layers: readonly Layer[],
  key: { seed: number; epoch: number; step: number; application: number },
): void {
  layers.forEach((layer, i) => {
    (layer as unknown as Seeded).seed = hashString(
      `${key.seed}:${key.epoch}:${key.step}:${key.application}:${i}`,
    );
  });
}
