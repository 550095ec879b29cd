import * as tf from '@tensorflow/tfjs';
import type { ActivationLayer } from '../../schema/generated/experiment.js';
import { elementCount } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';

export const activation: LayerKind<ActivationLayer> = {
  arity: 'one',
  outputShape: (_l, [input]) => input.shape,
  params: () => NO_PARAMS,
  flops: (l, _in, out) =>
    l.activation === 'linear' ? 0 : (l.activation === 'softmax' ? 3 : 1) * elementCount(out),
  build: (l, ctx) =>
    l.activation === 'leaky_relu'
      ? tf.layers.leakyReLU({ name: ctx.name, alpha: l.alpha })
      : tf.layers.activation({ name: ctx.name, activation: l.activation }),
};
