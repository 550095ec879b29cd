import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createInputTransform, postprocess } from '../../src/train/input-transform.js';

describe('input transform', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  const values = [-3.7, 0.2, 17.9, 254.99, 300];

  it('clip clamps to the pixel range', () => {
    assert.deepEqual(
      Array.from(postprocess('clip', tf.tensor1d(values)).dataSync()),
      [0, 0.2, 17.9, 254.99, 255].map(Math.fround),
    );
  });

  it("clip_round clamps and truncates as the study's clip(int(x), 0, 255)", () => {
    assert.deepEqual(
      Array.from(postprocess('clip_round', tf.tensor1d(values)).dataSync()),
      [0, 0, 17, 254, 255],
    );
  });

  it('runs the earlier network in inference mode, without dropout', () => {
    const input = tf.input({ shape: [4] });
    const out = tf.layers.dropout({ rate: 0.9 }).apply(input) as tf.SymbolicTensor;
    const transform = createInputTransform(tf.model({ inputs: input, outputs: out }), 'none');
    assert.deepEqual(Array.from(transform(tf.tensor2d([[1, 2, 3, 4]])).dataSync()), [1, 2, 3, 4]);
  });
});
