import * as tf from '@tensorflow/tfjs';
import type { BatchNormLayer } from '../../schema/generated/experiment.js';
import { elementCount } from '../shape.js';
import type { LayerKind } from './layer-kind.js';

export const batchNorm: LayerKind<BatchNormLayer> = {
  arity: 'one',
  outputShape: (_l, [input]) => input.shape,
  // Keras: gamma and beta train, the moving mean and variance do not.
  params: (l, [input]) => {
    const c = input[input.length - 1];
    return { trainable: (l.center ? c : 0) + (l.scale ? c : 0), nonTrainable: 2 * c };
  },
  flops: (_l, _in, out) => 2 * elementCount(out),
  build: (l, ctx) =>
    tf.layers.batchNormalization({
      name: ctx.name,
      axis: -1,
      momentum: l.momentum,
      epsilon: l.epsilon,
      center: l.center,
      scale: l.scale,
    }),
};
