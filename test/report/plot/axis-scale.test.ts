import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  categoryScale,
  formatTick,
  linearScale,
  logScale,
  niceStep,
} from '../../../src/report/plot/axis-scale.js';

describe('axis scales', () => {
  it('picks steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    assert.equal(niceStep(1, 5), 0.2);
    assert.equal(niceStep(0.9, 6), 0.2);
    assert.equal(niceStep(45000, 5), 10000);
    assert.equal(niceStep(12, 6), 2);
  });

  it('writes tick labels with the decimals of the step and exponents for tiny values', () => {
    assert.equal(formatTick(0.25, 0.25), '0.25');
    assert.equal(formatTick(0.5, 0.25), '0.50');
    assert.equal(formatTick(20000, 10000), '20000');
    assert.equal(formatTick(0.0001, 0.0001), '1e-4');
    assert.equal(formatTick(0.00025, 0.00005), '2.5e-4');
    assert.equal(formatTick(0, 0.1), '0');
  });

  it('puts epoch ticks on whole numbers, with a single epoch in the middle of the axis', () => {
    const one = linearScale([1], { integer: true });
    assert.deepEqual(
      one.ticks.map((t) => t.value),
      [0, 1, 2],
    );
    assert.equal(one.fraction(1), 0.5);
    const many = linearScale([1, 20], { integer: true });
    assert.ok(many.ticks.every((t) => Number.isInteger(t.value)));
    assert.ok(many.fraction(1) > 0 && many.fraction(20) < 1);
  });

  it('covers the data with ticks inside the range', () => {
    const s = linearScale([0.61, 0.74]);
    for (const t of s.ticks) assert.ok(s.fraction(t.value) >= 0 && s.fraction(t.value) <= 1);
    assert.ok(s.ticks.length >= 3);
  });

  it('ticks a log axis at decades, or at 1-2-5 within two decades', () => {
    assert.deepEqual(
      logScale([1e-4, 1e-1]).ticks.map((t) => t.label),
      ['1e-4', '0.001', '0.01', '0.1'],
    );
    assert.deepEqual(
      logScale([1, 8]).ticks.map((t) => t.value),
      [1, 2, 5],
    );
    const s = logScale([0.001, 0.1]);
    assert.ok(Math.abs(s.fraction(0.01) - 0.5) < 1e-9);
  });

  it('centres each category in its slot', () => {
    const s = categoryScale(['a', 'b']);
    assert.deepEqual([s.fraction(0), s.fraction(1)], [0.25, 0.75]);
  });
});
