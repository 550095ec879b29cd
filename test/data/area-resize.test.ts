import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createResizer, resizePatchStack } from '../../src/data/area-resize.js';

describe('area resize', () => {
  it('averages 2×2 blocks when halving', () => {
    const src = Uint8Array.from([0, 4, 8, 8, 4, 0, 8, 8, 1, 1, 2, 2, 1, 1, 2, 6]);
    assert.deepEqual(Array.from(resizePatchStack(src, 1, 4, 2)), [2, 8, 1, 3]);
  });

  it('keeps a flat 65-px patch flat at 32 px and preserves the mean of a ramp', () => {
    const flat = new Uint8Array(65 * 65).fill(77);
    assert.ok(resizePatchStack(flat, 1, 65, 32).every((v) => v === 77));
    const ramp = new Float32Array(65 * 65).map((_, i) => i % 65);
    const out = new Float32Array(32 * 32);
    createResizer(65, 65, 32, 32)(ramp, 0, out, 0);
    const mean = (a: Float32Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    assert.ok(Math.abs(mean(out) - mean(ramp)) < 1e-3);
  });

  it('resizes each patch of a stack independently', () => {
    const stack = new Uint8Array(2 * 4 * 4);
    stack.fill(10, 0, 16);
    stack.fill(200, 16);
    assert.deepEqual(Array.from(resizePatchStack(stack, 2, 4, 2)), [10, 10, 10, 10, 200, 200, 200, 200]);
  });

  it('upsamples bilinearly, keeping corner values', () => {
    const out = new Float32Array(4 * 4);
    createResizer(2, 2, 4, 4)(Float32Array.from([0, 100, 100, 200]), 0, out, 0);
    assert.equal(out[0], 0);
    assert.equal(out[15], 200);
  });
});
