import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { trialRunName } from '../../src/tracking/run-name.js';

describe('trialRunName', () => {
  it('names a trial by the last part of each swept key and its value', () => {
    assert.equal(
      trialRunName({ 'stages.descriptor.optimizer.lr': 0.01, 'stages.denoiser.batch_size': 50 }, 't1'),
      'lr=0.01 batch_size=50',
    );
  });

  it('keeps enough of the path to tell apart keys that end the same', () => {
    assert.equal(
      trialRunName({ 'stages.denoiser.optimizer.lr': 1e-5, 'stages.descriptor.optimizer.lr': 0.1 }, 't1'),
      'denoiser.optimizer.lr=1e-5 descriptor.optimizer.lr=0.1',
    );
  });

  it('falls back to the trial id when nothing is swept', () => {
    assert.equal(trialRunName({}, 'trial-0007'), 'trial-0007');
  });
});
