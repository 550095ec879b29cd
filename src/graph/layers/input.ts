import * as tf from '@tensorflow/tfjs';
import type { InputLayer } from '../../schema/generated/experiment.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';

export const input: LayerKind<InputLayer> = {
  arity: 'none',
  outputShape: (l) => l.shape,
  params: () => NO_PARAMS,
  flops: () => 0,
  // tf.input() is this InputLayer plus its output; build-model takes the output from its inbound node.
  build: (l, ctx) => tf.layers.inputLayer({ name: ctx.name, inputShape: [...l.shape] }),
};
