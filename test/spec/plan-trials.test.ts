import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExperimentSpec } from '../../src/schema/generated/experiment.js';
import { planTrials } from '../../src/spec/plan-trials.js';
import { trialId } from '../../src/sweep/trial-id.js';
import { validateAgainstSchema } from '../../src/spec/validate-schema.js';
import { testSchemas } from './test-schemas.js';

const schemas = testSchemas();
const resolved = (spec: Record<string, unknown>): ExperimentSpec => {
  const { value, issues } = validateAgainstSchema(spec, schemas);
  assert.deepEqual(issues, []);
  return value as ExperimentSpec;
};

describe('planTrials', () => {
  it('reports an invalid swept value once, at the sweep entry that holds it', () => {
    const spec = resolved({
      name: 'x',
      optimizer: { type: 'sgd' },
      sweep: { grid: { seed: [-1, 1], 'optimizer.lr': [0.1, 0] } },
    });
    const { trials, issues } = planTrials(spec, { schemas });
    assert.deepEqual(
      trials.map((t) => t.overrides),
      [{ seed: 1, 'optimizer.lr': 0.1 }],
    );
    assert.deepEqual(
      issues.map((i) => `${i.pointer}  ${i.message}`),
      [
        '/sweep/grid/seed/0  seed: must be >= 0, found -1',
        '/sweep/grid/optimizer.lr/1  optimizer.lr: must be > 0, found 0',
      ],
    );
  });

  it('fills in the defaults of a swept object, so its id equals the same trial written out', () => {
    const swept = resolved({ name: 'x', sweep: { grid: { optimizer: [{ type: 'adam' }] } } });
    const [trial] = planTrials(swept, { schemas }).trials;
    assert.deepEqual((trial.spec as unknown as { optimizer: unknown }).optimizer, {
      type: 'adam',
      lr: 0.001,
      beta_1: 0.9,
    });
    const written = resolved({ name: 'other-name', optimizer: { beta_1: 0.9, lr: 0.001, type: 'adam' } });
    assert.equal(trial.id, trialId(written));
  });

  it('plans one trial without overrides for a spec without a sweep', () => {
    const spec = resolved({ name: 'x' });
    const { trials, issues } = planTrials(spec, { schemas });
    assert.deepEqual(issues, []);
    assert.deepEqual(
      trials.map((t) => [t.id, t.overrides]),
      [[trialId(spec), {}]],
    );
  });
});
