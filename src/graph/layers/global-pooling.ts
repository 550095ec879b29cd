import * as tf from '@tensorflow/tfjs';
import type { GlobalAvgPoolLayer, GlobalMaxPoolLayer } from '../../schema/generated/experiment.js';
import { elementCount } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';
import { expectImage } from './spatial.js';

function globalPoolKind<L extends GlobalAvgPoolLayer | GlobalMaxPoolLayer>(
  type: L['type'],
  factory: (args: { name: string }) => tf.layers.Layer,
): LayerKind<L> {
  return {
    arity: 'one',
    outputShape: (_l, [input], report) => (expectImage(type, input, report) ? [input.shape[2]] : undefined),
    params: () => NO_PARAMS,
    flops: (_l, [input]) => elementCount(input),
    build: (_l, ctx) => factory({ name: ctx.name }),
  };
}

export const globalAvgPool = globalPoolKind<GlobalAvgPoolLayer>(
  'global_avg_pool',
  tf.layers.globalAveragePooling2d,
);
export const globalMaxPool = globalPoolKind<GlobalMaxPoolLayer>(
  'global_max_pool',
  tf.layers.globalMaxPooling2d,
);
