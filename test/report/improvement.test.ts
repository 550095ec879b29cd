import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatImprovement, relativeImprovement } from '../../src/report/improvement.js';

describe('relative improvement', () => {
  it('is the change over the baseline divided by the baseline, as the study reports it', () => {
    assert.ok(Math.abs(relativeImprovement(0.8, 0.71)! - 0.12676) < 1e-4);
    assert.equal(formatImprovement(relativeImprovement(0.8, 0.71)), '+12.7 %');
    assert.equal(formatImprovement(relativeImprovement(0.162, 0.12)), '+35.0 %');
    assert.equal(formatImprovement(relativeImprovement(0.45, 0.375)), '+20.0 %');
  });

  it('shows a drop with a minus sign and no change as +0.0 %', () => {
    assert.equal(formatImprovement(relativeImprovement(0.6, 0.8)), '-25.0 %');
    assert.equal(formatImprovement(relativeImprovement(0.5, 0.5)), '+0.0 %');
    assert.equal(formatImprovement(-0.00001), '+0.0 %');
  });

  it('has nothing to say when a value is missing or the baseline is zero', () => {
    assert.equal(relativeImprovement(undefined, 0.5), undefined);
    assert.equal(relativeImprovement(0.5, 0), undefined);
    assert.equal(relativeImprovement(Number.NaN, 0.5), undefined);
    assert.equal(formatImprovement(undefined), 'n/a');
  });
});
