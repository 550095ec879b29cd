import * as tf from '@tensorflow/tfjs';
import type { Conv2DTransposeLayer } from '../../schema/generated/experiment.js';
import { makeInitializer, makeRegularizer } from '../initializers.js';
import { elementCount, pair } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { expectImage } from './spatial.js';

export const conv2dTranspose: LayerKind<Conv2DTransposeLayer> = {
  arity: 'one',
  outputShape: (l, [input], report) => {
    if (!expectImage('conv2d_transpose', input, report)) return undefined;
    const k = pair(l.kernel);
    const s = pair(l.strides!);
    const out = (size: number, i: number): number =>
      l.padding === 'same' ? size * s[i] : (size - 1) * s[i] + Math.max(k[i], s[i]);
    return [out(input.shape[0], 0), out(input.shape[1], 1), l.filters];
  },
  params: (l, [[, , c]]) => {
    const [kh, kw] = pair(l.kernel);
    return { trainable: kh * kw * c * l.filters + (l.use_bias ? l.filters : 0), nonTrainable: 0 };
  },
  flops: (l, [input], out) => {
    const [kh, kw] = pair(l.kernel);
    const n = elementCount(out);
    // Every input pixel scatters a kh×kw×filters patch: 2·kh·kw·C_in·C_out per input position.
    return (
      2 * kh * kw * elementCount(input) * l.filters +
      (l.use_bias ? n : 0) +
      (l.activation !== 'linear' ? n : 0)
    );
  },
  build: (l, ctx) =>
    tf.layers.conv2dTranspose({
      name: ctx.name,
      filters: l.filters,
      kernelSize: pair(l.kernel),
      strides: pair(l.strides!),
      padding: l.padding,
      useBias: l.use_bias,
      activation: l.activation,
      kernelInitializer: makeInitializer(l.kernel_initializer!, ctx.seedFor('kernel')),
      biasInitializer: makeInitializer(l.bias_initializer!, ctx.seedFor('bias')),
      kernelRegularizer: makeRegularizer(l),
    }),
};
