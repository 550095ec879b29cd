import * as tf from '@tensorflow/tfjs';
import type { ReshapeLayer } from '../../schema/generated/experiment.js';
import { elementCount, formatShape } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';

export const reshape: LayerKind<ReshapeLayer> = {
  arity: 'one',
  outputShape: (l, [input], report) => {
    const n = elementCount(input.shape);
    const unknown = l.shape.filter((d) => d === -1).length;
    const known = elementCount(l.shape.filter((d) => d !== -1));
    const fail = (message: string): undefined => {
      report({
        code: 'graph/reshape-size',
        field: 'shape',
        message,
        hint: 'the target shape must hold exactly the same number of values',
      });
      return undefined;
    };
    if (unknown > 1) return fail(`reshape target ${formatShape(l.shape)} has more than one -1`);
    if (unknown === 0 && known !== n) {
      return fail(
        `reshape ${formatShape(input.shape)} (${input.name}) has ${n} values; the target ${formatShape(l.shape)} has ${known}`,
      );
    }
    if (unknown === 1 && n % known !== 0) {
      return fail(
        `reshape ${formatShape(input.shape)} (${input.name}) has ${n} values, not a multiple of ${known} for ${formatShape(l.shape)}`,
      );
    }
    return l.shape.map((d) => (d === -1 ? n / known : d));
  },
  params: () => NO_PARAMS,
  flops: () => 0,
  // The planned shape, with -1 resolved: tfjs would leave that dimension unknown to the next layers.
  build: (l, ctx) => {
    const n = elementCount(ctx.inputShapes[0]);
    const known = elementCount(l.shape.filter((d) => d !== -1));
    return tf.layers.reshape({ name: ctx.name, targetShape: l.shape.map((d) => (d === -1 ? n / known : d)) });
  },
};
