import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/backend/select-backend.js';
import {
  WASM_TRAINING_KERNELS,
  installWasmTrainingKernels,
  uninstallWasmTrainingKernels,
  wasmTrainingKernelsInstalled,
} from '../../src/backend/wasm-training-kernels.js';

describe('installWasmTrainingKernels', () => {
  before(async () => {
    await selectBackend('wasm');
  });

  it('is idempotent: a second call keeps the installed kernels', () => {
    const first = WASM_TRAINING_KERNELS.map((k) => tf.getKernel(k, 'wasm')?.kernelFunc);
    installWasmTrainingKernels();
    assert.ok(wasmTrainingKernelsInstalled());
    assert.deepEqual(
      WASM_TRAINING_KERNELS.map((k) => tf.getKernel(k, 'wasm')?.kernelFunc),
      first,
    );
  });

  it('registers the filter gradient wasm lacks, and uninstalling puts the shipped kernels back', () => {
    assert.ok(tf.getKernel('Conv2DBackpropFilter', 'wasm'));
    const shippedTile = (() => {
      uninstallWasmTrainingKernels();
      return tf.getKernel('Tile', 'wasm')?.kernelFunc;
    })();
    assert.equal(tf.getKernel('Conv2DBackpropFilter', 'wasm'), undefined);
    assert.ok(shippedTile);
    installWasmTrainingKernels();
    assert.notEqual(tf.getKernel('Tile', 'wasm')?.kernelFunc, shippedTile);
  });

  it('tiles float tensors by broadcasting and leaves int tensors to the shipped kernel', async () => {
    await tf.setBackend('wasm');
    const f = tf.tile(tf.tensor3d([1, 2, 3, 4, 5, 6], [1, 2, 3]), [2, 1, 2]);
    assert.deepEqual(f.shape, [2, 2, 6]);
    assert.deepEqual(
      Array.from(f.dataSync()),
      [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6, 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6],
    );
    const i = tf.tile(tf.tensor1d([7, 8], 'int32'), [3]);
    assert.deepEqual(Array.from(i.dataSync()), [7, 8, 7, 8, 7, 8]);
  });

  it('sums and averages over leading axes as the cpu back end does, keepDims included', async () => {
    const run = () => {
      const x = tf.tensor4d(
        Array.from({ length: 4 * 8 * 8 * 3 }, (_, k) => (k % 13) - 6),
        [4, 8, 8, 3],
      );
      const s = tf.sum(x, [0, 1, 2]);
      const m = tf.mean(x, [0, 1, 2], true);
      const inner = tf.sum(x, [1, 2]); // not leading axes: the shipped kernel
      return {
        s: Array.from(s.dataSync()),
        m: Array.from(m.dataSync()),
        mShape: m.shape,
        inner: Array.from(inner.dataSync()),
      };
    };
    await tf.setBackend('cpu');
    const want = run();
    await tf.setBackend('wasm');
    const got = run();
    assert.deepEqual(got.mShape, [1, 1, 1, 3]);
    for (const k of ['s', 'm', 'inner'] as const) {
      got[k].forEach((v, i) =>
        assert.ok(Math.abs(v - want[k][i]) < 1e-4, `${k}[${i}]: ${v} vs ${want[k][i]}`),
      );
    }
  });
});
