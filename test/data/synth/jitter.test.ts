import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  jitterOverlap,
  KAPPA,
  medianOverlap,
  TARGET_OVERLAP,
  jitterReach,
} from '../../../src/data/synth/jitter.js';
import { LEVELS } from '../../../src/data/dataset.js';

describe('e/h/t jitter', () => {
  it('has overlap 1 without jitter and 0 when shifted away', () => {
    assert.equal(jitterOverlap({ phi: 0.3, a: 0, b: 0, tx: 0, ty: 0 }), 1, 'rotation does not change a disc');
    assert.equal(jitterOverlap({ phi: 0, a: 0, b: 0, tx: 2.5, ty: 0 }), 0);
  });

  it('measures the overlap of a scaled disc as the area ratio', () => {
    const o = jitterOverlap({ phi: 0, a: Math.log(1.2), b: Math.log(1.2), tx: 0, ty: 0 });
    assert.ok(Math.abs(o - 1 / 1.44) < 0.02, String(o));
  });

  it('is calibrated: the median overlap of each level is within 0.01 of 0.85 / 0.72 / 0.60', () => {
    for (const level of LEVELS) {
      const m = medianOverlap(KAPPA[level], 1500, 11);
      assert.ok(Math.abs(m - TARGET_OVERLAP[level]) < 0.01, `${level}: ${m}`);
    }
  });

  it('bounds the reach of a jittered patch', () => {
    assert.ok(jitterReach(KAPPA.tough) > jitterReach(KAPPA.easy));
    assert.ok(Math.abs(jitterReach(0) - Math.SQRT2) < 1e-12);
  });
});
