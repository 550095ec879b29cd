import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyHomography,
  invertHomography,
  localScale,
  solveHomography,
  type Point,
} from '../../../src/data/synth/homography.js';

const SRC: Point[] = [
  [0, 0],
  [100, 0],
  [100, 80],
  [0, 80],
];
const DST: Point[] = [
  [5, 3],
  [110, -4],
  [96, 90],
  [-2, 77],
];

describe('homography', () => {
  it('maps the four source points onto the destination points', () => {
    const h = solveHomography(SRC, DST);
    SRC.forEach(([x, y], k) => {
      const [u, v] = applyHomography(h, x, y);
      assert.ok(Math.abs(u - DST[k][0]) < 1e-9 && Math.abs(v - DST[k][1]) < 1e-9);
    });
  });

  it('inverts, and its local scale is that of a pure scaling', () => {
    const h = solveHomography(SRC, DST);
    const [u, v] = applyHomography(invertHomography(h), ...applyHomography(h, 37, 21));
    assert.ok(Math.abs(u - 37) < 1e-9 && Math.abs(v - 21) < 1e-9);
    const s = solveHomography(
      SRC,
      SRC.map(([x, y]) => [2 * x, 2 * y] as Point),
    );
    assert.ok(Math.abs(localScale(s, 10, 10) - 2) < 1e-12);
  });
});
