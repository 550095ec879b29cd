// Gradient-check cases: one or more per layer type of the vocabulary, built directly with
// tf.layers (the graph builder is tested on its own). Each case is a small network piece whose
// gradients (wrt its inputs and every trainable weight) are compared across back ends.
import * as tf from '@tensorflow/tfjs';
import type { LayerType } from '../../src/schema/generated/layer-types.js';

export interface GradientCase {
  name: string;
  inputShapes: number[][];
  /** Builds fresh layers (called once per back end) and the function of the inputs. */
  build(): BuiltCase;
  /** Apply with training = true (batch norm statistics, dropout). */
  training?: boolean;
  /**
   * For a linear layer without weights: compare with the exact gradient read off the cpu forward
   * pass (d/dx_i sum(f(x) r) = sum(f(e_i) r)) instead of cpu's gradient kernel, which is wrong
   * for resizes in tfjs 4.22 (bilinear: shape error on non-square inputs; nearest: wrong values).
   */
  linearReference?: boolean;
}

export interface BuiltCase {
  layers: tf.layers.Layer[];
  fn: (inputs: tf.Tensor[]) => tf.Tensor;
}

const apply = (layer: tf.layers.Layer, training = false): BuiltCase => ({
  layers: [layer],
  fn: (xs) => layer.apply(xs.length === 1 ? xs[0] : xs, { training }) as tf.Tensor,
});

const ops = (fn: (x: tf.Tensor) => tf.Tensor): BuiltCase => ({ layers: [], fn: (xs) => fn(xs[0]) });

function convCases(): GradientCase[] {
  const cases: GradientCase[] = [];
  for (const kernel of [1, 2, 3, 8]) {
    for (const strides of [1, 2]) {
      for (const padding of ['same', 'valid'] as const) {
        cases.push({
          name: `conv2d kernel ${kernel} stride ${strides} ${padding}`,
          inputShapes: [[2, 11, 10, 3]],
          build: () => apply(tf.layers.conv2d({ filters: 4, kernelSize: kernel, strides, padding })),
        });
      }
    }
  }
  // an 8x8 valid conv over an 8x8 input is a dense layer (the descriptor's last layer): own fast path
  cases.push({
    name: 'conv2d kernel 8 valid covering the whole input',
    inputShapes: [[3, 8, 8, 5]],
    build: () => apply(tf.layers.conv2d({ filters: 6, kernelSize: 8, padding: 'valid' })),
  });
  // more input than output channels: the filter gradient packs dy instead of x
  for (const padding of ['same', 'valid'] as const) {
    cases.push({
      name: `conv2d kernel 3 stride 1 ${padding}, 6 -> 2 channels`,
      inputShapes: [[2, 7, 8, 6]],
      build: () => apply(tf.layers.conv2d({ filters: 2, kernelSize: 3, padding })),
    });
  }
  cases.push({
    name: 'conv2d kernel 2 stride 1 same, 6 -> 2 channels (uneven padding)',
    inputShapes: [[2, 7, 8, 6]],
    build: () => apply(tf.layers.conv2d({ filters: 2, kernelSize: 2, padding: 'same' })),
  });
  cases.push({
    name: 'conv2d kernel 3x2 strides 2x1 same',
    inputShapes: [[2, 9, 7, 2]],
    build: () =>
      apply(tf.layers.conv2d({ filters: 3, kernelSize: [3, 2], strides: [2, 1], padding: 'same' })),
  });
  return cases;
}

function seq(...layers: tf.layers.Layer[]): BuiltCase {
  return { layers, fn: (xs) => layers.reduce((x, l) => l.apply(x, { training: true }) as tf.Tensor, xs[0]) };
}

export const GRADIENT_CASES: Readonly<Record<LayerType, GradientCase[]>> = {
  activation: (['relu', 'elu', 'sigmoid', 'tanh', 'linear', 'softmax'] as const)
    .map<GradientCase>((activation) => ({
      name: `activation ${activation}`,
      inputShapes: [[2, 5, 5, 3]],
      build: () => apply(tf.layers.activation({ activation })),
    }))
    .concat([
      {
        name: 'activation leaky_relu',
        inputShapes: [[2, 5, 5, 3]],
        build: () => apply(tf.layers.leakyReLU({ alpha: 0.2 })),
      },
    ]),
  add: [
    {
      name: 'add',
      inputShapes: [
        [2, 4, 4, 3],
        [2, 4, 4, 3],
      ],
      build: () => apply(tf.layers.add()),
    },
  ],
  avg_pool: [
    {
      name: 'avg_pool 2',
      inputShapes: [[2, 8, 8, 3]],
      build: () => apply(tf.layers.averagePooling2d({ poolSize: 2 })),
    },
    {
      name: 'avg_pool 3 stride 2 same',
      inputShapes: [[2, 9, 9, 3]],
      build: () => apply(tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' })),
    },
  ],
  batch_norm: [
    {
      name: 'batch_norm in training mode',
      inputShapes: [[4, 5, 5, 6]],
      training: true,
      build: () => apply(tf.layers.batchNormalization({ epsilon: 1e-3 }), true),
    },
  ],
  concat: [
    {
      name: 'concat on channels',
      inputShapes: [
        [2, 4, 4, 3],
        [2, 4, 4, 5],
      ],
      build: () => apply(tf.layers.concatenate()),
    },
  ],
  conv2d: convCases(),
  conv2d_transpose: (
    [
      [2, 2, 'valid'],
      [3, 1, 'same'],
      [3, 2, 'same'],
      [3, 2, 'valid'],
    ] as const
  ).map(([kernel, strides, padding]) => ({
    name: `conv2d_transpose kernel ${kernel} stride ${strides} ${padding}`,
    inputShapes: [[2, 5, 6, 4]],
    build: () => apply(tf.layers.conv2dTranspose({ filters: 3, kernelSize: kernel, strides, padding })),
  })),
  crop: [
    {
      name: 'crop',
      inputShapes: [[2, 8, 8, 2]],
      build: () =>
        apply(
          tf.layers.cropping2D({
            cropping: [
              [1, 2],
              [2, 1],
            ],
          }),
        ),
    },
  ],
  dense: [
    {
      name: 'dense',
      inputShapes: [[3, 7]],
      build: () => apply(tf.layers.dense({ units: 5, activation: 'relu' })),
    },
    {
      // 32 units: the weight gradient x^T dy takes the explicit-transpose matMul path on wasm
      name: 'dense 40 -> 32',
      inputShapes: [[6, 40]],
      build: () => apply(tf.layers.dense({ units: 32 })),
    },
    {
      name: 'flatten then dense',
      inputShapes: [[3, 4, 4, 2]],
      build: () => seq(tf.layers.flatten(), tf.layers.dense({ units: 4 })),
    },
  ],
  dropout: [
    {
      name: 'dropout 0.3 with a fixed seed',
      inputShapes: [[2, 6, 6, 4]],
      training: true,
      build: () => apply(tf.layers.dropout({ rate: 0.3, seed: 11 }), true),
    },
  ],
  flatten: [{ name: 'flatten', inputShapes: [[2, 3, 3, 2]], build: () => apply(tf.layers.flatten()) }],
  global_avg_pool: [
    {
      name: 'global_avg_pool',
      inputShapes: [[2, 5, 5, 3]],
      build: () => apply(tf.layers.globalAveragePooling2d({})),
    },
  ],
  global_max_pool: [
    {
      name: 'global_max_pool',
      inputShapes: [[2, 5, 5, 3]],
      build: () => apply(tf.layers.globalMaxPooling2d({})),
    },
  ],
  input: [{ name: 'input (identity)', inputShapes: [[2, 3, 3, 1]], build: () => ops((x) => tf.clone(x)) }],
  l2_normalize: [
    {
      // composed from ops, as trellis builds it: x / sqrt(max(sum(x^2), eps))
      name: 'l2_normalize over channels',
      inputShapes: [[3, 2, 2, 8]],
      build: () => ops((x) => tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), -1, true), 1e-12)))),
    },
  ],
  max_pool: [
    {
      name: 'max_pool 2',
      inputShapes: [[2, 8, 8, 3]],
      build: () => apply(tf.layers.maxPooling2d({ poolSize: 2 })),
    },
    {
      name: 'max_pool 2 over 9x9 valid',
      inputShapes: [[2, 9, 9, 3]],
      build: () => apply(tf.layers.maxPooling2d({ poolSize: 2 })),
    },
    {
      // windows full of ties: the first maximum in the window gets the gradient, as on cpu
      name: 'max_pool 2 after relu (ties at zero)',
      inputShapes: [[2, 6, 6, 3]],
      build: () => seq(tf.layers.reLU(), tf.layers.maxPooling2d({ poolSize: 2 })),
    },
    {
      name: 'max_pool 3 stride 2 same',
      inputShapes: [[2, 9, 9, 3]],
      build: () => apply(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' })),
    },
  ],
  multiply: [
    {
      name: 'multiply',
      inputShapes: [
        [2, 4, 4, 3],
        [2, 4, 4, 3],
      ],
      build: () => apply(tf.layers.multiply()),
    },
  ],
  reshape: [
    {
      name: 'reshape',
      inputShapes: [[2, 4, 4, 2]],
      build: () => apply(tf.layers.reshape({ targetShape: [8, 4] })),
    },
  ],
  upsample: (
    [
      [2, 'nearest'],
      [2, 'bilinear'],
      [3, 'nearest'],
      [3, 'bilinear'],
    ] as const
  ).map(([size, interpolation]) => ({
    name: `upsample x${size} ${interpolation}`,
    inputShapes: [[2, 4, 5, 3]],
    linearReference: true,
    build: () => apply(tf.layers.upSampling2d({ size: [size, size], interpolation })),
  })),
  zero_pad: [
    {
      name: 'zero_pad',
      inputShapes: [[2, 4, 4, 2]],
      build: () =>
        apply(
          tf.layers.zeroPadding2d({
            padding: [
              [1, 0],
              [2, 1],
            ],
          }),
        ),
    },
  ],
};
