import * as tf from '@tensorflow/tfjs';
import type { FlattenLayer } from '../../schema/generated/experiment.js';
import { elementCount } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';

export const flatten: LayerKind<FlattenLayer> = {
  arity: 'one',
  outputShape: (_l, [input]) => [elementCount(input.shape)],
  params: () => NO_PARAMS,
  flops: () => 0,
  build: (_l, ctx) => tf.layers.flatten({ name: ctx.name }),
};
