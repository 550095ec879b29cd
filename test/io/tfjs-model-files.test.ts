import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadLayersModel, saveLayersModel } from '../../src/io/tfjs-model-files.js';

test('a model saved in the tfjs layers format loads back with identical outputs', async () => {
  await tf.setBackend('cpu');
  const input = tf.input({ shape: [8, 8, 1] });
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
  const bn = tf.layers.batchNormalization().apply(conv) as tf.SymbolicTensor;
  const out = tf.layers.flatten().apply(bn) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  const dir = await mkdtemp(join(tmpdir(), 'model-'));
  await saveLayersModel(model, dir);
  const loaded = await loadLayersModel(dir);
  const x = tf.randomUniform([2, 8, 8, 1], 0, 255, 'float32', 3);
  const a = (model.predict(x) as tf.Tensor).dataSync();
  const b = (loaded.predict(x) as tf.Tensor).dataSync();
  assert.deepEqual(Array.from(b), Array.from(a));
  assert.equal(loaded.countParams(), model.countParams());
});
