import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { flattenConfig } from '../../src/tracking/flatten-config.js';

describe('flattenConfig', () => {
  it('turns nested objects into dotted keys with plain string values', () => {
    assert.deepEqual(
      flattenConfig({
        seed: 1,
        stages: { descriptor: { optimizer: { type: 'sgd', lr: 0.1, nesterov: true } } },
      }),
      {
        seed: '1',
        'stages.descriptor.optimizer.type': 'sgd',
        'stages.descriptor.optimizer.lr': '0.1',
        'stages.descriptor.optimizer.nesterov': 'true',
      },
    );
  });

  it('indexes lists of objects and keeps lists of scalars as one value', () => {
    assert.deepEqual(
      flattenConfig({
        m: { input: [32, 32, 1], layers: [{ type: 'conv2d', filters: 16 }, { type: 'max_pool' }] },
      }),
      {
        'm.input': '[32,32,1]',
        'm.layers.0.type': 'conv2d',
        'm.layers.0.filters': '16',
        'm.layers.1.type': 'max_pool',
      },
    );
  });

  it('records null and empty containers instead of dropping them', () => {
    assert.deepEqual(flattenConfig({ a: null, b: {}, c: [], d: undefined }), { a: 'null', b: '{}', c: '[]' });
  });
});
