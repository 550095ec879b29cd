import * as tf from '@tensorflow/tfjs';
import type { AddLayer, MultiplyLayer } from '../../schema/generated/experiment.js';
import { elementCount, formatShape, sameShape } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';

/** Element-wise merges (add, multiply): every input must have the first input's shape. */
function elementwiseKind<L extends AddLayer | MultiplyLayer>(
  type: L['type'],
  factory: (args: { name: string }) => tf.layers.Layer,
): LayerKind<L> {
  return {
    arity: 'many',
    outputShape: (_l, inputs, report) => {
      const [first, ...rest] = inputs;
      const bad = rest.find((x) => !sameShape(x.shape, first.shape));
      if (!bad) return first.shape;
      report({
        code: 'graph/shape-mismatch',
        field: 'inputs',
        message: `${type} needs equal shapes: ${formatShape(first.shape)} (${first.name}) vs ${formatShape(bad.shape)} (${bad.name})`,
        hint: 'change the filters or strides of one branch, or add a 1×1 conv2d to match',
      });
      return undefined;
    },
    params: () => NO_PARAMS,
    flops: (_l, inputs, out) => (inputs.length - 1) * elementCount(out),
    build: (_l, ctx) => factory({ name: ctx.name }),
  };
}

export const add = elementwiseKind<AddLayer>('add', tf.layers.add);
export const multiply = elementwiseKind<MultiplyLayer>('multiply', tf.layers.multiply);
