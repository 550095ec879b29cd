import * as tf from '@tensorflow/tfjs';
import type { ZeroPadLayer } from '../../schema/generated/experiment.js';
import { borders } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';
import { expectImage } from './spatial.js';

export const zeroPad: LayerKind<ZeroPadLayer> = {
  arity: 'one',
  outputShape: (l, [input], report) => {
    if (!expectImage('zero_pad', input, report)) return undefined;
    const [[t, b], [left, r]] = borders(l.padding!);
    const [h, w, c] = input.shape;
    return [h + t + b, w + left + r, c];
  },
  params: () => NO_PARAMS,
  flops: () => 0,
  build: (l, ctx) => tf.layers.zeroPadding2d({ name: ctx.name, padding: borders(l.padding!) }),
};
