import * as tf from '@tensorflow/tfjs';
import type { DropoutLayer } from '../../schema/generated/experiment.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';

export const dropout: LayerKind<DropoutLayer> = {
  arity: 'one',
  outputShape: (_l, [input]) => input.shape,
  params: () => NO_PARAMS,
  flops: () => 0,
  build: (l, ctx) => tf.layers.dropout({ name: ctx.name, rate: l.rate, seed: ctx.seedFor('mask') }),
};
