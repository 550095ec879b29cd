import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createOptimizer, OPTIMIZERS, type Optimizer } from '../../src/train/optimizers/index.js';
import type { OptimizerSpec } from '../../src/schema/generated/experiment.js';

const close = (actual: number, expected: number, tol = 1e-6): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);

/** w starts at 1 and every step sees gradient 1; returns w after each step (rates[i] for step i). */
function trajectory(opt: Optimizer, rates: number[]): number[] {
  const w = tf.variable(tf.scalar(1));
  const out = rates.map((rate) => {
    opt.learningRate = rate;
    tf.tidy(() => opt.applyGradients([w], [tf.onesLike(w)]));
    return w.dataSync()[0];
  });
  w.dispose();
  opt.dispose();
  return out;
}

describe('optimizers', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('lists its optimizer types in sorted order and cannot be changed', () => {
    assert.deepEqual(Object.keys(OPTIMIZERS), ['adam', 'rmsprop', 'sgd']);
    assert.ok(Object.isFrozen(OPTIMIZERS));
  });

  it('takes its default learning rates from the schema (Keras: sgd 0.01, adam 0.001, rmsprop 0.001)', () => {
    const rates = (['sgd', 'adam', 'rmsprop'] as const).map(
      (type) => createOptimizer({ type } as OptimizerSpec).learningRate,
    );
    assert.deepEqual(rates, [0.01, 0.001, 0.001]);
  });

  it('plain sgd steps by lr·g: 1 → 0.9 → 0.8', () => {
    const [a, b] = trajectory(createOptimizer({ type: 'sgd', lr: 0.1 }), [0.1, 0.1]);
    close(a, 0.9);
    close(b, 0.8);
  });

  it('sgd with momentum 0.9 follows Keras: v = −0.1, −0.19 → w = 0.9, 0.71', () => {
    const [a, b] = trajectory(createOptimizer({ type: 'sgd', lr: 0.1, momentum: 0.9 }), [0.1, 0.1]);
    close(a, 0.9);
    close(b, 0.71);
  });

  it('sgd with Nesterov momentum follows Keras: w + m·v − lr·g = 0.81, then 0.539', () => {
    const [a, b] = trajectory(
      createOptimizer({ type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true }),
      [0.1, 0.1],
    );
    close(a, 0.81);
    close(b, 0.539);
  });

  it('sgd momentum keeps past steps at their own rate when the rate changes (Keras, not TF.js: 0.8, not 0.881)', () => {
    // Keras: v1 = −0.1, w1 = 0.9; lr 0.01: v2 = 0.9·(−0.1) − 0.01 = −0.1, w2 = 0.8. TF.js would give 0.9 − 0.01·1.9.
    const [, b] = trajectory(createOptimizer({ type: 'sgd', lr: 0.1, momentum: 0.9 }), [0.1, 0.01]);
    close(b, 0.8);
  });

  it('adam adds epsilon to the uncorrected √v as Keras: 0.975975, 0.945078 with epsilon 0.1', () => {
    // t=1: lr_t = 0.1·√0.001/0.1, m = 0.1, v = 0.001 → 1 − lr_t·0.1/(√0.001 + 0.1); TF.js's placement would give 0.909.
    const [a, b] = trajectory(createOptimizer({ type: 'adam', lr: 0.1, epsilon: 0.1 }), [0.1, 0.1]);
    close(a, 0.9759746926647958);
    close(b, 0.9450783324445531);
  });

  it('adam with default epsilon makes a first step of almost exactly lr', () => {
    const [a] = trajectory(createOptimizer({ type: 'adam', lr: 0.1 }), [0.1]);
    close(a, 0.9, 1e-5);
  });

  it('rmsprop divides by √a + epsilon as Keras: 0.759747, 0.573141 with epsilon 0.1', () => {
    const [a, b] = trajectory(createOptimizer({ type: 'rmsprop', lr: 0.1, epsilon: 0.1 }), [0.1, 0.1]);
    close(a, 0.7597469266479578);
    close(b, 0.573141429784587);
  });

  it('continues identically after its state is saved and restored into a new optimizer', () => {
    const spec: OptimizerSpec = { type: 'adam', lr: 0.1, epsilon: 0.1 };
    const w = tf.variable(tf.scalar(1));
    const first = createOptimizer(spec);
    tf.tidy(() => first.applyGradients([w], [tf.onesLike(w)]));
    const second = createOptimizer(spec);
    second.setState(first.getState());
    first.dispose();
    tf.tidy(() => second.applyGradients([w], [tf.onesLike(w)]));
    const uninterrupted = trajectory(createOptimizer(spec), [0.1, 0.1])[1];
    assert.equal(w.dataSync()[0], uninterrupted);
    second.dispose();
    w.dispose();
  });

  it('keeps the tensor count flat across updates', () => {
    const opt = createOptimizer({ type: 'adam' });
    const w = tf.variable(tf.zeros([3, 3]));
    tf.tidy(() => opt.applyGradients([w], [tf.onesLike(w)]));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.tidy(() => opt.applyGradients([w], [tf.onesLike(w)]));
    assert.equal(tf.memory().numTensors, before);
    opt.dispose();
    w.dispose();
  });
});
