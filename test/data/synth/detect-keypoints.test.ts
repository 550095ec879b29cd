import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectKeypoints } from '../../../src/data/synth/detect-keypoints.js';
import { discIoU } from '../../../src/data/synth/select-frames.js';

function blob(
  size: number,
  cx: number,
  cy: number,
  sigma: number,
): { width: number; height: number; data: Float32Array } {
  const data = new Float32Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      data[y * size + x] = 40 + 180 * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sigma * sigma));
  return { width: size, height: size, data };
}

describe('DoG keypoints', () => {
  it('finds a Gaussian blob at its centre with a scale near its σ', () => {
    const kps = detectKeypoints(blob(96, 40, 52, 5));
    const best = kps.reduce((a, b) => (b.response > a.response ? b : a));
    assert.ok(Math.hypot(best.x - 40, best.y - 52) < 2, `${best.x},${best.y}`);
    assert.ok(best.sigma > 3 && best.sigma < 8, `σ ${best.sigma}`);
  });

  it('finds nothing on a flat image', () => {
    const flat = { width: 64, height: 64, data: new Float32Array(64 * 64).fill(100) };
    assert.equal(detectKeypoints(flat).length, 0);
  });
});

describe('disc IoU', () => {
  it('is 1 for equal discs, 0 for disjoint ones, the area ratio for nested ones', () => {
    const f = { x: 0, y: 0, radius: 2, angle: 0, response: 1 };
    assert.equal(discIoU(f, f), 1);
    assert.equal(discIoU(f, { ...f, x: 5 }), 0);
    assert.equal(discIoU(f, { ...f, radius: 1 }), 0.25);
    const half = discIoU(f, { ...f, x: 2 });
    assert.ok(half > 0.2 && half < 0.3);
  });
});
