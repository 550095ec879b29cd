import * as tf from '@tensorflow/tfjs';
import type { Conv2DLayer } from '../../schema/generated/experiment.js';
import { makeInitializer, makeRegularizer } from '../initializers.js';
import { elementCount, pair } from '../shape.js';
import type { LayerKind } from './layer-kind.js';
import { expectImage, imageShape, windowOutput } from './spatial.js';

export const conv2d: LayerKind<Conv2DLayer> = {
  arity: 'one',
  outputShape: (l, [input], report) => {
    if (!expectImage('conv2d', input, report)) return undefined;
    const strides = pair(l.strides!);
    const dilation = pair(l.dilation!);
    if (Math.max(...strides) > 1 && Math.max(...dilation) > 1) {
      report({
        code: 'graph/invalid-layer',
        field: 'dilation',
        message: 'conv2d cannot combine strides > 1 with dilation > 1',
        hint: 'set strides: 1 or dilation: 1',
      });
      return undefined;
    }
    const hw = windowOutput({
      type: 'conv2d',
      input,
      window: pair(l.kernel),
      strides,
      dilation,
      padding: l.padding!,
      windowField: 'kernel',
      stridesField: 'strides',
      report,
    });
    return hw && imageShape(hw, l.filters);
  },
  params: (l, [[, , c]]) => {
    const [kh, kw] = pair(l.kernel);
    return { trainable: kh * kw * c * l.filters + (l.use_bias ? l.filters : 0), nonTrainable: 0 };
  },
  flops: (l, [[, , c]], out) => {
    const [kh, kw] = pair(l.kernel);
    const n = elementCount(out);
    return 2 * kh * kw * c * n + (l.use_bias ? n : 0) + (l.activation !== 'linear' ? n : 0);
  },
  build: (l, ctx) =>
    tf.layers.conv2d({
      name: ctx.name,
      filters: l.filters,
      kernelSize: pair(l.kernel),
      strides: pair(l.strides!),
      dilationRate: pair(l.dilation!),
      padding: l.padding,
      useBias: l.use_bias,
      activation: l.activation,
      kernelInitializer: makeInitializer(l.kernel_initializer!, ctx.seedFor('kernel')),
      biasInitializer: makeInitializer(l.bias_initializer!, ctx.seedFor('bias')),
      kernelRegularizer: makeRegularizer(l),
    }),
};
