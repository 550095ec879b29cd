import type { L2NormalizeLayer } from '../../schema/generated/experiment.js';
import { L2Normalize } from '../l2-normalize-layer.js';
import { elementCount, formatShape, sampleAxis } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';

export const l2Normalize: LayerKind<L2NormalizeLayer> = {
  arity: 'one',
  outputShape: (l, [input], report) => {
    const axis = sampleAxis(l.axis!, input.shape.length);
    if (axis < 0 || axis >= input.shape.length) {
      report({
        code: 'graph/invalid-axis',
        field: 'axis',
        message: `l2_normalize axis ${l.axis} is outside ${formatShape(input.shape)} (${input.name})`,
      });
      return undefined;
    }
    return input.shape;
  },
  params: () => NO_PARAMS,
  // square, sum, scale
  flops: (_l, _in, out) => 3 * elementCount(out),
  build: (l, ctx) => new L2Normalize({ name: ctx.name, axis: l.axis, epsilon: l.epsilon }),
};
