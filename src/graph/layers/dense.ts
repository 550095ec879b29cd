import * as tf from '@tensorflow/tfjs';
import type { DenseLayer } from '../../schema/generated/experiment.js';
import { makeInitializer, makeRegularizer } from '../initializers.js';
import { elementCount } from '../shape.js';
import type { LayerKind } from './layer-kind.js';

export const dense: LayerKind<DenseLayer> = {
  arity: 'one',
  outputShape: (l, [input]) => [...input.shape.slice(0, -1), l.units],
  params: (l, [input]) => ({
    trainable: input[input.length - 1] * l.units + (l.use_bias ? l.units : 0),
    nonTrainable: 0,
  }),
  flops: (l, [input], out) => {
    const n = elementCount(out);
    return 2 * input[input.length - 1] * n + (l.use_bias ? n : 0) + (l.activation !== 'linear' ? n : 0);
  },
  build: (l, ctx) =>
    tf.layers.dense({
      name: ctx.name,
      units: l.units,
      useBias: l.use_bias,
      activation: l.activation,
      kernelInitializer: makeInitializer(l.kernel_initializer!, ctx.seedFor('kernel')),
      biasInitializer: makeInitializer(l.bias_initializer!, ctx.seedFor('bias')),
      kernelRegularizer: makeRegularizer(l),
    }),
};
