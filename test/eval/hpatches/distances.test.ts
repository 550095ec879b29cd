import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crossDot, exactDistance, nearestNeighbours } from '../../../src/eval/hpatches/distances.js';
import { matchingAp } from '../../../src/eval/hpatches/matching.js';
import { createRng } from '../../../src/random/seeded-rng.js';

describe('crossDot', () => {
  it('equals the plain dot products for sizes that are not multiples of the block', () => {
    const rng = createRng(2);
    const [na, nb, d] = [7, 10, 5];
    const a = Float32Array.from({ length: na * d }, () => rng.normal());
    const b = Float32Array.from({ length: nb * d }, () => rng.normal());
    const out = crossDot(a, na, b, nb, d);
    for (let i = 0; i < na; i++) {
      for (let j = 0; j < nb; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += a[i * d + k] * b[j * d + k];
        assert.ok(Math.abs(out[i * nb + j] - s) < 1e-12);
      }
    }
  });
});

describe('nearestNeighbours', () => {
  it('picks the first index among exactly tied targets, as np.argmin', () => {
    const a = Float32Array.from([0, 0, 10, 10]);
    const b = Float32Array.from([5, 5, 1, 1, 1, 1, 9, 9]); // targets 1 and 2 tie for a_0
    const nn = nearestNeighbours(a, 2, b, 4, 2);
    assert.deepEqual(Array.from(nn.index), [1, 3]);
    assert.equal(nn.distance[0], Math.SQRT2);
  });

  it('finds the exact nearest neighbour of large-norm descriptors that differ by tiny amounts', () => {
    // ‖a‖² ≈ 1e10 while the distances are ≈ 1e-2: the expanded form alone cannot separate them.
    const d = 8;
    const base = Float32Array.from({ length: d }, (_, k) => 20000 + k);
    const targets = new Float32Array(3 * d);
    for (let j = 0; j < 3; j++)
      targets.set(
        base.map((v, k) => (k === 0 ? v + [0.0078125, 0.00390625, 0.01171875][j] : v)),
        j * d,
      );
    const nn = nearestNeighbours(base, 1, targets, 3, d);
    assert.equal(nn.index[0], 1);
    assert.equal(nn.distance[0], exactDistance(base, 0, targets, 1, d));
  });
});

describe('matchingAp', () => {
  it('counts a ref patch wrong when an identical earlier target wins the tie', () => {
    // Ref patches 0 and 1 are identical, so patch 1's nearest neighbour is target 0 (first index): 2 of 3 right.
    const ref = Float32Array.from([1, 1, 1, 1, 7, 7]);
    const ap = matchingAp(ref, ref, 3, 2);
    // By hand: distances all 0 → stable order 0(right), 1(wrong), 2(right); numpos 3:
    // (1/3)·(1+1)/2 + (1/3)·(2/3 + 1/2)/2 = 0.5277…
    assert.ok(Math.abs(ap - (1 / 3 + ((1 / 3) * (2 / 3 + 1 / 2)) / 2)) < 1e-15, String(ap));
  });
});
