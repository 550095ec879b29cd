import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  apFromPositiveRanks,
  computeAp,
  computeRocAuc,
  precisionRecall,
} from '../../../src/eval/hpatches/metrics.js';
import { stableArgsortDescending } from '../../../src/eval/hpatches/stable-argsort.js';
import { createRng } from '../../../src/random/seeded-rng.js';

// Expected values were computed with numpy 2.4 running hpatches-benchmark's metrics.py rules
// (argsort(-scores, kind='mergesort'), −∞ dropped, leading 0, max(·,1e-10), np.trapezoid), and checked
// by hand where noted.
const close = (actual: number, expected: number, tol = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);

describe('computeAp and computeRocAuc', () => {
  it('integrate precision over recall with the trapezoidal rule', () => {
    // By hand: positive at rank 1 → 0.5·(1+1)/2; positive at rank 3 → 0.5·(1/2+2/3)/2; sum 0.791666…
    close(computeAp([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]), 0.7916666666666666);
    close(computeRocAuc([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]), 0.75);
  });

  it('keep input order among tied scores, so a negative listed first ranks first', () => {
    // Order 0(neg),1(pos),2(pos): 0.5·(1e-10+1/2)/2 + 0.5·(1/2+2/3)/2.
    close(computeAp([0.5, 0.5, 0.5, 0.2], [0, 1, 1, 0]), 0.41666666669166663);
    close(computeRocAuc([0.5, 0.5, 0.5, 0.2], [0, 1, 1, 0]), 0.5);
    close(computeAp([0.5, 0.5, 0.5, 0.2], [1, 1, 0, 0]), 1.0);
  });

  it('rank negative distances as scores with ties in the middle of the list', () => {
    close(computeAp([-1.0, -3.0, -2.0, -2.0, -0.5], [0, 1, 1, 0, 1]), 0.711111111111111);
    close(computeRocAuc([-1.0, -3.0, -2.0, -2.0, -0.5], [0, 1, 1, 0, 1]), 0.5);
  });

  it('divide recall by numpos when positives are missing from the list', () => {
    // Two positives at ranks 1 and 3 out of 5: 0.2·1 + 0.2·(1/2+2/3)/2 … = 0.4 (numpy).
    close(computeAp([-0.1, -0.4, -0.2], [1, 0, 1], { numpos: 5 }), 0.4);
  });

  it('never retrieves items scored −∞', () => {
    close(computeAp([-0.1, -Infinity, -0.2, -Infinity], [1, 1, 0, 0]), 0.5);
    close(computeRocAuc([-0.1, -Infinity, -0.2, -Infinity], [1, 1, 0, 0]), 0.25);
  });

  it('starts the curve at recall 0 and precision 1', () => {
    const { precision, recall } = precisionRecall([3, 2, 1], [0, 1, 0]);
    assert.deepEqual(Array.from(recall), [0, 0, 1, 1]);
    assert.equal(precision[0], 1);
  });

  it('rejects numpos below the number of labelled positives and mismatched lengths', () => {
    assert.throws(() => computeAp([1, 2], [1, 1], { numpos: 1 }), /numpos 1 is smaller than the 2 positives/);
    assert.throws(() => computeAp([1, 2], [1]), /2 scores but 1 labels/);
  });
});

describe('apFromPositiveRanks', () => {
  it('equals computeAp on random lists with ties', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 50; trial++) {
      const n = 5 + rng.int(200);
      const scores = Array.from({ length: n }, () => -rng.int(20)); // many ties
      const labels = scores.map((_, i) => (i < 5 ? 1 : 0));
      const order = stableArgsortDescending(scores);
      const ranks: number[] = [];
      order.forEach((item, pos) => item < 5 && ranks.push(pos + 1));
      close(apFromPositiveRanks(ranks, 5), computeAp(scores, labels), 1e-12);
    }
  });
});

describe('stableArgsortDescending', () => {
  it('orders like a stable comparator sort on large inputs with ties, zeros of both signs and −∞', () => {
    const rng = createRng(11);
    const n = 5000;
    const values = [0, -0, -Infinity, 1.5, -2.25, 1e-300, -1e300];
    const scores = Float64Array.from({ length: n }, () =>
      rng.next() < 0.5 ? values[rng.int(values.length)] : rng.int(50) - 25,
    );
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      scores[a] > scores[b] ? -1 : scores[a] < scores[b] ? 1 : a - b,
    );
    assert.deepEqual(Array.from(stableArgsortDescending(scores)), expected);
  });

  it('refuses NaN scores', () => {
    assert.throws(() => stableArgsortDescending([1, NaN]), /score 1 is NaN/);
  });
});
