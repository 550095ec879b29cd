import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/backend/select-backend.js';
import { LAYER_TYPES } from '../../src/schema/generated/layer-types.js';
import { GRADIENT_CASES } from './gradient-cases.js';
import { linearCaseGradient, relativeMaxDiff, runCase } from './compare-gradients.js';

// float32 sums in a different order (XNNPACK blocks, our re-expressed gradients) differ from the
// cpu back end by ~1e-6 of the gradient's scale; 1e-4 leaves room and still catches a wrong tap.
const TOLERANCE = 1e-4;

describe('wasm training kernels: gradients match the cpu back end', () => {
  before(async () => {
    await selectBackend('wasm'); // loads wasm and installs the training kernels
  });

  it('has a gradient check for every layer type of the vocabulary', () => {
    for (const type of LAYER_TYPES)
      assert.ok(GRADIENT_CASES[type]?.length > 0, `no gradient case for layer type ${type}`);
  });

  for (const [type, cases] of Object.entries(GRADIENT_CASES)) {
    for (const [i, c] of cases.entries()) {
      it(`gives the cpu gradients for ${c.name} (${type})`, async () => {
        await tf.setBackend('cpu');
        const want = c.linearReference ? linearCaseGradient(c, 100 + i) : runCase(c, 100 + i);
        await tf.setBackend('wasm');
        const got = runCase(c, 100 + i);
        assert.ok(
          Math.abs(got.value - want.value) <= TOLERANCE * Math.max(1, Math.abs(want.value)),
          `loss ${got.value} vs ${want.value}`,
        );
        assert.equal(got.grads.length, want.grads.length);
        for (const [g, w] of got.grads.map((g, k) => [g, want.grads[k]] as const)) {
          const d = relativeMaxDiff(g.values, w.values);
          assert.ok(
            d <= TOLERANCE,
            `${c.name}: gradient of ${w.name} differs by ${d.toExponential(2)} of its scale`,
          );
        }
      });
    }
  }

  it('falls back to the original kernel for a dilated convolution forward pass', async () => {
    const run = () => {
      const x = tf.tensor4d(
        Array.from({ length: 2 * 9 * 9 * 2 }, (_, k) => Math.sin(k)),
        [2, 9, 9, 2],
      );
      const w = tf.tensor4d(
        Array.from({ length: 3 * 3 * 2 * 3 }, (_, k) => Math.cos(k)),
        [3, 3, 2, 3],
      );
      return tf.conv2d(x, w, 1, 'same', 'NHWC', 2).dataSync();
    };
    await tf.setBackend('cpu');
    const want = run();
    await tf.setBackend('wasm');
    assert.ok(relativeMaxDiff(run(), want) <= TOLERANCE);
  });
});
