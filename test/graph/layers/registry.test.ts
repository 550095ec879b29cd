import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { ExperimentSpec } from '../../../src/schema/generated/experiment.js';
import { LAYER_TYPES } from '../../../src/schema/generated/layer-types.js';
import type { LayerType } from '../../../src/schema/generated/layer-types.js';
import { LAYER_KINDS, buildModel, checkGraph, planModel } from '../../../src/graph/index.js';

/**
 * One small example network per layer type. The `satisfies` makes a new layer type without an
 * example fail to compile, like the registry itself.
 */
const EXAMPLES = {
  input: { layers: [{ type: 'input', shape: [6, 5, 3] }, { type: 'flatten' }] },
  conv2d: {
    input: [9, 8, 3],
    layers: [
      {
        type: 'conv2d',
        filters: 4,
        kernel: [3, 2],
        strides: [2, 1],
        padding: 'same',
        activation: 'relu',
        kernel_initializer: 'he_uniform',
        l2: 0.01,
      },
    ],
  },
  conv2d_transpose: {
    input: [4, 5, 3],
    layers: [{ type: 'conv2d_transpose', filters: 2, kernel: 3, strides: 2, padding: 'valid' }],
  },
  dense: {
    input: [7],
    layers: [
      { type: 'dense', units: 5, activation: 'tanh', use_bias: false, kernel_initializer: 'glorot_normal' },
    ],
  },
  batch_norm: { input: [4, 4, 6], layers: [{ type: 'batch_norm', center: false }] },
  activation: {
    input: [4, 4, 2],
    layers: [
      { type: 'activation', activation: 'leaky_relu', alpha: 0.1 },
      { type: 'activation', activation: 'softmax' },
    ],
  },
  max_pool: { input: [8, 6, 2], layers: [{ type: 'max_pool', pool: 2 }] },
  avg_pool: { input: [9, 9, 2], layers: [{ type: 'avg_pool', pool: 3, strides: 3, padding: 'same' }] },
  global_avg_pool: { input: [4, 4, 3], layers: [{ type: 'global_avg_pool' }] },
  global_max_pool: { input: [4, 4, 3], layers: [{ type: 'global_max_pool' }] },
  upsample: { input: [3, 4, 2], layers: [{ type: 'upsample', size: [2, 3], interpolation: 'bilinear' }] },
  dropout: { input: [5], layers: [{ type: 'dropout', rate: 0.5 }] },
  flatten: { input: [2, 3, 4], layers: [{ type: 'flatten' }] },
  reshape: { input: [2, 3, 4], layers: [{ type: 'reshape', shape: [6, -1] }] },
  concat: {
    input: [4, 4, 2],
    layers: [
      { type: 'conv2d', id: 'a', filters: 3, kernel: 1 },
      { type: 'concat', inputs: ['input', 'a'] },
    ],
  },
  add: {
    input: [4, 4, 2],
    layers: [
      { type: 'conv2d', id: 'a', filters: 2, kernel: 1 },
      { type: 'add', inputs: ['a', 'input'] },
    ],
  },
  multiply: {
    input: [4, 4, 2],
    layers: [
      { type: 'activation', id: 'gate', activation: 'sigmoid' },
      { type: 'multiply', inputs: ['input', 'gate'] },
    ],
  },
  crop: {
    input: [8, 8, 1],
    layers: [
      {
        type: 'crop',
        cropping: [
          [1, 2],
          [0, 3],
        ],
      },
    ],
  },
  zero_pad: { input: [5, 5, 1], layers: [{ type: 'zero_pad', padding: [1, 2] }] },
  l2_normalize: { input: [3, 4], layers: [{ type: 'l2_normalize' }] },
} satisfies Record<LayerType, object>;

function specOf(model: object): ExperimentSpec {
  return { name: 'registry', models: { m: model } } as unknown as ExperimentSpec;
}

describe('layer registry', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('has a builder for every layer type of the generated union and nothing else', () => {
    assert.deepEqual(Object.keys(LAYER_KINDS).sort(), [...LAYER_TYPES].sort());
  });

  for (const type of LAYER_TYPES) {
    it(`plans ${type} with the output shapes and parameter counts tfjs builds`, () => {
      const spec = specOf(EXAMPLES[type]);
      assert.deepEqual(checkGraph(spec), []);
      const plan = planModel(spec, 'm');
      const model = buildModel(spec, 'm', { seed: 3 });
      try {
        for (const row of plan.rows) {
          const layer = model.getLayer(row.name);
          assert.deepEqual(layer.outputShape, [null, ...row.outputShape], `${row.name} shape`);
          const trainable = layer.trainableWeights.reduce(
            (n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1),
            0,
          );
          assert.equal(trainable, row.trainable, `${row.name} trainable`);
          assert.equal(layer.countParams() - trainable, row.nonTrainable, `${row.name} non-trainable`);
        }
        const x = tf.ones([2, ...plan.rows[0].outputShape]);
        const y = model.predict(x) as tf.Tensor;
        assert.deepEqual(y.shape, [2, ...plan.rows[plan.rows.length - 1].outputShape]);
        tf.dispose([x, y]);
      } finally {
        model.dispose();
      }
    });
  }
});
