import * as tf from '@tensorflow/tfjs';
import type { ConcatLayer } from '../../schema/generated/experiment.js';
import { dimName, formatShape, sampleAxis } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';

export const concat: LayerKind<ConcatLayer> = {
  arity: 'many',
  outputShape: (l, inputs, report) => {
    const [first, ...rest] = inputs;
    const rank = first.shape.length;
    const axis = sampleAxis(l.axis!, rank);
    if (axis < 0 || axis >= rank) {
      report({
        code: 'graph/invalid-axis',
        field: 'axis',
        message: `concat axis ${l.axis} is outside a ${rank}-D input ${formatShape(first.shape)} (${first.name})`,
      });
      return undefined;
    }
    for (const x of rest) {
      if (x.shape.length !== rank) {
        report({
          code: 'graph/shape-mismatch',
          field: 'inputs',
          message: `concat needs inputs of equal rank: ${formatShape(first.shape)} (${first.name}) vs ${formatShape(x.shape)} (${x.name})`,
        });
        return undefined;
      }
      const d = first.shape.findIndex((size, i) => i !== axis && size !== x.shape[i]);
      if (d >= 0) {
        report({
          code: 'graph/shape-mismatch',
          field: 'inputs',
          message: `concat needs equal ${dimName(d, rank)}: ${first.shape[d]} (${first.name}) vs ${x.shape[d]} (${x.name}); shapes ${formatShape(first.shape)} vs ${formatShape(x.shape)}`,
          hint: 'crop or zero_pad one input, or fix the strides / pooling upstream',
        });
        return undefined;
      }
    }
    return first.shape.map((size, i) => (i === axis ? inputs.reduce((n, x) => n + x.shape[i], 0) : size));
  },
  params: () => NO_PARAMS,
  flops: () => 0,
  build: (l, ctx) => tf.layers.concatenate({ name: ctx.name, axis: l.axis }),
};
