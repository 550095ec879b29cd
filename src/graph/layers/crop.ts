import * as tf from '@tensorflow/tfjs';
import type { CropLayer } from '../../schema/generated/experiment.js';
import { borders, formatShape } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';
import { expectImage } from './spatial.js';

export const crop: LayerKind<CropLayer> = {
  arity: 'one',
  outputShape: (l, [input], report) => {
    if (!expectImage('crop', input, report)) return undefined;
    const [[t, b], [left, r]] = borders(l.cropping);
    const [h, w, c] = input.shape;
    if (t + b >= h || left + r >= w) {
      report({
        code: 'graph/crop-too-large',
        field: 'cropping',
        message: `crop of ${t}+${b} rows and ${left}+${r} columns leaves nothing of ${formatShape(input.shape)} (${input.name})`,
      });
      return undefined;
    }
    return [h - t - b, w - left - r, c];
  },
  params: () => NO_PARAMS,
  flops: () => 0,
  build: (l, ctx) => tf.layers.cropping2D({ name: ctx.name, cropping: borders(l.cropping) }),
};
