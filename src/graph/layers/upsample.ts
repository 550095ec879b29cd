import * as tf from '@tensorflow/tfjs';
import type { UpsampleLayer } from '../../schema/generated/experiment.js';
import { elementCount, pair } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { NO_PARAMS } from './layer-kind.js';
import { expectImage } from './spatial.js';

export const upsample: LayerKind<UpsampleLayer> = {
  arity: 'one',
  outputShape: (l, [input], report) => {
    if (!expectImage('upsample', input, report)) return undefined;
    const [sh, sw] = pair(l.size!);
    const [h, w, c] = input.shape;
    return [h * sh, w * sw, c];
  },
  params: () => NO_PARAMS,
  // Bilinear: two multiply-adds per axis per output value; nearest only copies.
  flops: (l, _in, out) => (l.interpolation === 'bilinear' ? 4 * elementCount(out) : 0),
  build: (l, ctx) =>
    tf.layers.upSampling2d({ name: ctx.name, size: pair(l.size!), interpolation: l.interpolation }),
};
