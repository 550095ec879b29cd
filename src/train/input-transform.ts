import * as tf from '@tensorflow/tfjs';
import type { InputTransformSpec } from '../schema/generated/experiment.js';

export type Postprocess = NonNullable<InputTransformSpec['postprocess']>;

/** What happens to an earlier stage's output before it becomes this stage's input (stage.schema.json). */
export function postprocess(kind: Postprocess, x: tf.Tensor): tf.Tensor {
  switch (kind) {
    case 'none':
      return x;
    case 'clip':
      return tf.clipByValue(x, 0, 255);
    case 'clip_round':
      // The study's clip(int(pred), 0, 255): int() truncates toward zero, which on [0, 255] is floor.
      return tf.floor(tf.clipByValue(x, 0, 255));
  }
}

/**
 * An earlier stage's trained network as a transform of this stage's inputs: inference mode (dropout off,
 * batch-norm moving statistics), no gradient into it, then the postprocess. Pass it to fit's inputTransform.
 */
export function createInputTransform(
  model: tf.LayersModel,
  kind: Postprocess = 'none',
): (x: tf.Tensor) => tf.Tensor {
  return (x) => tf.tidy(() => postprocess(kind, model.apply(x, { training: false }) as tf.Tensor));
}
