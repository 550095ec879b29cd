import * as tf from '@tensorflow/tfjs';
import type { AvgPoolLayer, MaxPoolLayer } from '../../schema/generated/experiment.js';
import { elementCount, pair } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';
import { expectImage, imageShape, windowOutput } from './spatial.js';

type PoolLayer = MaxPoolLayer | AvgPoolLayer;

/** Max and average pooling share everything but the tfjs factory. */
function poolKind<L extends PoolLayer>(
  type: L['type'],
  factory: (args: Parameters<typeof tf.layers.maxPooling2d>[0]) => tf.layers.Layer,
): LayerKind<L> {
  const strides = (l: L): [number, number] => pair(l.strides ?? l.pool!);
  return {
    arity: 'one',
    outputShape: (l, [input], report) => {
      if (!expectImage(type, input, report)) return undefined;
      const hw = windowOutput({
        type,
        input,
        window: pair(l.pool!),
        strides: strides(l),
        padding: l.padding!,
        windowField: 'pool',
        stridesField: l.strides === undefined ? 'pool' : 'strides',
        report,
      });
      return hw && imageShape(hw, input.shape[2]);
    },
    params: () => NO_PARAMS,
    flops: (l, _in, out) => {
      const [ph, pw] = pair(l.pool!);
      return ph * pw * elementCount(out);
    },
    build: (l, ctx) =>
      factory({ name: ctx.name, poolSize: pair(l.pool!), strides: strides(l), padding: l.padding }),
  };
}

export const maxPool = poolKind<MaxPoolLayer>('max_pool', tf.layers.maxPooling2d);
export const avgPool = poolKind<AvgPoolLayer>('avg_pool', tf.layers.averagePooling2d);
