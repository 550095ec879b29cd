import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../src/io/canonical-json.js';
import { trialId } from '../../src/sweep/trial-id.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 1 }], c: undefined } }),
      '{"a":{"d":[1,{"y":1,"z":0}]},"b":1}',
    );
  });

  it('writes numbers in one form whatever the YAML spelling', () => {
    assert.equal(canonicalJson([1.0, 1e-5, 0.1, -0]), '[1,0.00001,0.1,0]');
  });

  it('refuses values JSON cannot hold', () => {
    assert.throws(() => canonicalJson(Number.NaN), /no JSON form/);
  });
});

describe('trialId', () => {
  it('is 10 hex digits', () => {
    assert.match(trialId({ seed: 1 }), /^[0-9a-f]{10}$/);
  });

  it('gives the same trial id when keys are reordered', () => {
    const a = { seed: 1, stages: { s: { optimizer: { type: 'sgd', lr: 0.1 }, epochs: 2 } } };
    const b = { stages: { s: { epochs: 2, optimizer: { lr: 0.1, type: 'sgd' } } }, seed: 1 };
    assert.equal(trialId(a), trialId(b));
  });

  it('ignores what does not change results: name, description, tracking, runner, sweep', () => {
    const base = { seed: 1, data: { patch_size: 32 } };
    const labelled = {
      ...base,
      name: 'x',
      description: 'y',
      tracking: { mlflow: {} },
      runner: { type: 'local' },
      sweep: { grid: {} },
    };
    assert.equal(trialId(base), trialId(labelled));
  });

  it('changes when a value that determines results changes, including list order', () => {
    assert.notEqual(trialId({ seed: 1 }), trialId({ seed: 2 }));
    assert.notEqual(trialId({ l: [1, 2] }), trialId({ l: [2, 1] }));
  });
});
