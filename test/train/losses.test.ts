import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createLoss, LOSSES, type PairLoss, type TripletLoss } from '../../src/train/losses/index.js';

const close = (actual: number, expected: number, tol = 1e-5): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);

function pair(loss: PairLoss | TripletLoss, p: number[], t: number[]): number {
  assert.equal(loss.kind, 'pairs');
  return tf.tidy(
    () =>
      (loss as PairLoss).compute(tf.tensor2d(p, [1, p.length]), tf.tensor2d(t, [1, t.length])).dataSync()[0],
  );
}

function triplet(loss: PairLoss | TripletLoss, a: number[][], p: number[][], n: number[][]): number {
  assert.equal(loss.kind, 'triplets');
  return tf.tidy(
    () => (loss as TripletLoss).compute(tf.tensor2d(a), tf.tensor2d(p), tf.tensor2d(n)).dataSync()[0],
  );
}

describe('losses', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('lists its loss types in sorted order and cannot be changed', () => {
    assert.deepEqual(Object.keys(LOSSES), ['hardnet', 'mae', 'mse', 'triplet']);
    assert.ok(Object.isFrozen(LOSSES));
  });

  it('mae is the mean absolute difference: |−1|, 0, 2, 4 → 1.75', () => {
    close(pair(createLoss({ type: 'mae' }), [1, 2, 3, 4], [2, 2, 5, 0]), 1.75);
  });

  it('mse is the mean squared difference: 1, 0, 4, 16 → 5.25', () => {
    close(pair(createLoss({ type: 'mse' }), [1, 2, 3, 4], [2, 2, 5, 0]), 5.25);
  });

  const a = [
    [0, 0],
    [1, 1],
  ];
  const p = [
    [1, 0],
    [1, 1],
  ];
  const n = [
    [0, 1],
    [1, 2],
  ];

  it("triplet with the study's mean_squared distance averages over dimensions: (1 + 0.5)/2", () => {
    // d(a,p) = 0.5, 0; d(a,n) = 0.5, 0.5 → max(0, 0.5 − 0.5 + 1) = 1, max(0, 0 − 0.5 + 1) = 0.5
    close(triplet(createLoss({ type: 'triplet' }), a, p, n), 0.75);
  });

  it('triplet with squared_l2 sums over dimensions: (1 + 0)/2', () => {
    // d(a,p) = 1, 0; d(a,n) = 1, 1 → 1, 0
    close(triplet(createLoss({ type: 'triplet', distance: 'squared_l2', margin: 1 }), a, p, n), 0.5);
  });

  it('triplet clamps each sample at zero before averaging: margin 0.2 → (0.2 + 0)/2', () => {
    close(triplet(createLoss({ type: 'triplet', margin: 0.2 }), a, p, n), 0.1);
  });

  const ha = [
    [0, 0],
    [3, 0],
    [0, 4],
  ];
  const hp = [
    [1, 0],
    [3, 1],
    [0, 3],
  ];

  it('hardnet takes the hardest negative over other positives and other anchors', () => {
    // D(a_i, p_j) = [[1, √10, 3], [2, 1, √18], [√17, √18, 1]]; hardest = min(row, column) off the diagonal:
    // i=0: min(3, 2) = 2; i=1: min(2, √10) = 2; i=2: min(√17, 3) = 3 → margin 2: (1 + 1 + 0)/3
    const zeros = [
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    close(triplet(createLoss({ type: 'hardnet', margin: 2 }), ha, hp, zeros), 2 / 3, 1e-5);
  });

  it('hardnet ignores the sampled negatives', () => {
    const loss = createLoss({ type: 'hardnet', margin: 2 });
    const one = triplet(loss, ha, hp, [
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    const other = triplet(loss, ha, hp, [
      [9, 9],
      [1, 2],
      [3, 4],
    ]);
    assert.equal(one, other);
  });

  it('hardnet with its default margin 1 is zero when every hardest negative is at least 1 further than its positive', () => {
    close(triplet(createLoss({ type: 'hardnet' }), ha, hp, ha), 0, 1e-5);
  });

  it('hardnet has finite gradients even for identical descriptors', () => {
    const loss = createLoss({ type: 'hardnet' }) as TripletLoss;
    const x = tf.variable(
      tf.tensor2d([
        [1, 1],
        [1, 1],
      ]),
    );
    const { grads } = tf.variableGrads(
      () =>
        loss.compute(
          x as tf.Tensor2D,
          tf.tensor2d([
            [1, 1],
            [2, 2],
          ]),
          x as tf.Tensor2D,
        ),
      [x],
    );
    assert.ok(Array.from(grads[x.name].dataSync()).every(Number.isFinite));
    x.dispose();
    grads[x.name].dispose();
  });
});
