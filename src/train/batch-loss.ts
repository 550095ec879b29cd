import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../data/dataset.js';
import type { Loss } from './losses/index.js';
import { seedLayersForStep } from './random-layers.js';

/** How a batch meets the model: where it came from (for errors), inputs' transform, dropout seeding. */
export interface BatchContext {
  readonly stage: string;
  readonly model: tf.LayersModel;
  readonly loss: Loss;
  /** An earlier stage's network applied to every input patch first (inference mode, no gradient). */
  readonly inputTransform?: (x: tf.Tensor) => tf.Tensor;
  readonly training: boolean;
  /** Dropout layers and the key their per-call seeds derive from (training only). */
  readonly dropout?: { layers: readonly tf.layers.Layer[]; seed: number; epoch: number; step: number };
}

/** `n` flat patches as the model's input: [n, ...input shape]. */
function toInput(ctx: BatchContext, data: Float32Array, n: number): tf.Tensor {
  const shape = ctx.model.inputs[0].shape.slice(1);
  if (shape.some((d) => d === null)) {
    throw new Error(
      `stage "${ctx.stage}": model "${ctx.model.name}" has an input of unknown size [${shape.join(', ')}]; give it a fixed input shape`,
    );
  }
  const per = (shape as number[]).reduce((a, b) => a * b, 1);
  if (per * n !== data.length) {
    throw new Error(
      `stage "${ctx.stage}": a sample has ${data.length / n} values but model "${ctx.model.name}" takes ${per} ([${shape.join(', ')}]); the data's patch_size and the model's input must agree`,
    );
  }
  const x = tf.tensor(data, [n, ...(shape as number[])]);
  return ctx.inputTransform ? ctx.inputTransform(x) : x;
}

function run(ctx: BatchContext, x: tf.Tensor, application: number): tf.Tensor {
  if (ctx.dropout) seedLayersForStep(ctx.dropout.layers, { ...ctx.dropout, application });
  return ctx.model.apply(x, { training: ctx.training }) as tf.Tensor;
}

/**
 * Inputs of a batch as tensors, built outside the gradient tape, and the loss as a function of them.
 * Pairs: loss(model(x), y). Triplets: the one model (shared weights) describes anchor, positive and
 * negative, each flattened to [n, D].
 */
export function prepareBatch(ctx: BatchContext, batch: Batch): () => tf.Scalar {
  if (batch.kind !== ctx.loss.kind) {
    throw new Error(
      `stage "${ctx.stage}": the data gives ${batch.kind} but the loss takes ${ctx.loss.kind}; pair mae/mse with pairs and triplet/hardnet with triplets`,
    );
  }
  if (batch.kind === 'pairs' && ctx.loss.kind === 'pairs') {
    const x = toInput(ctx, batch.x, batch.n);
    const { loss } = ctx;
    return () => {
      const prediction = run(ctx, x, 0);
      if (prediction.size !== batch.y.length) {
        throw new Error(
          `stage "${ctx.stage}": model "${ctx.model.name}" outputs ${prediction.size / batch.n} values per sample but the targets have ${batch.y.length / batch.n}; a pairs stage needs an output the size of the target patch`,
        );
      }
      return loss.compute(prediction, tf.tensor(batch.y, prediction.shape));
    };
  }
  if (batch.kind === 'triplets' && ctx.loss.kind === 'triplets') {
    const inputs = [batch.anchor, batch.positive, batch.negative].map((d) => toInput(ctx, d, batch.n));
    const { loss } = ctx;
    return () => {
      const [a, p, n] = inputs.map((x, i) => tf.reshape(run(ctx, x, i), [batch.n, -1]) as tf.Tensor2D);
      return loss.compute(a, p, n);
    };
  }
  throw new Error('unreachable: batch and loss kinds were checked equal');
}
