import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { installCpuResizeGradients } from '../../src/backend/cpu-resize-gradients.js';
import { GRADIENT_CASES } from './gradient-cases.js';
import { linearCaseGradient, relativeMaxDiff, runCase } from './compare-gradients.js';

describe('installCpuResizeGradients', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('replaces the shipped nearest-neighbour gradient, which is wrong for a batch of 2', () => {
    const c = GRADIENT_CASES.upsample.find((u) => u.name === 'upsample x2 nearest')!;
    const exact = linearCaseGradient(c, 3).grads[0].values;
    assert.ok(
      relativeMaxDiff(runCase(c, 3).grads[0].values, exact) > 0.1,
      'tfjs-backend-cpu fixed its gradient?',
    );
    installCpuResizeGradients();
    assert.ok(relativeMaxDiff(runCase(c, 3).grads[0].values, exact) <= 1e-5);
  });

  it('gives the exact gradient for every upsampling case, non-square bilinear included', () => {
    installCpuResizeGradients();
    for (const [i, c] of GRADIENT_CASES.upsample.entries()) {
      const d = relativeMaxDiff(
        runCase(c, 50 + i).grads[0].values,
        linearCaseGradient(c, 50 + i).grads[0].values,
      );
      assert.ok(d <= 1e-5, `${c.name}: off by ${d.toExponential(2)} of the gradient's scale`);
    }
  });
});
