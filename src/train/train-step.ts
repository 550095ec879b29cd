import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../data/dataset.js';
import { prepareBatch, type BatchContext } from './batch-loss.js';
import type { Optimizer } from './optimizers/index.js';

/** The variables the optimizer updates: trainable weights only (batch-norm moving statistics are updated by the layer itself). */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * One optimisation step in training mode (dropout on, batch norm on batch statistics and updating its
 * moving averages, as Keras `fit`); every intermediate tensor is freed. Returns the batch loss.
 */
export function trainStep(
  ctx: BatchContext,
  batch: Batch,
  optimizer: Optimizer,
  variables: readonly tf.Variable[],
): number {
  const value = tf.tidy(() => {
    const loss = prepareBatch(ctx, batch);
    const { value, grads } = tf.variableGrads(loss, [...variables]);
    optimizer.applyGradients(
      variables,
      variables.map((v) => grads[v.name]),
    );
    return value;
  });
  const out = value.dataSync()[0];
  value.dispose();
  return out;
}

/** Loss of one batch in inference mode (dropout off, batch norm on moving statistics). */
export function evaluateBatch(ctx: BatchContext, batch: Batch): number {
  const value = tf.tidy(() => prepareBatch(ctx, batch)());
  const out = value.dataSync()[0];
  value.dispose();
  return out;
}
