import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEarlyStopping } from '../../src/train/early-stopping.js';
import type { EarlyStoppingSpec } from '../../src/schema/generated/experiment.js';

/** The 0-based epoch after which training stops, or -1 when it runs through. */
function stopEpoch(spec: EarlyStoppingSpec, values: number[]): number {
  const es = createEarlyStopping(spec);
  return values.findIndex((v, e) => es.observe(e, { loss: v, val_loss: v }).stop);
}

describe('early stopping', () => {
  it('stops after patience epochs without improvement and remembers the best epoch', () => {
    const es = createEarlyStopping({ patience: 2 });
    const verdicts = [1, 0.8, 0.85, 0.9].map((v, e) => es.observe(e, { loss: 0, val_loss: v }));
    assert.deepEqual(
      verdicts.map((v) => v.stop),
      [false, false, false, true],
    );
    assert.deepEqual(
      verdicts.map((v) => v.improved),
      [true, true, false, false],
    );
    assert.equal(es.getState().bestEpoch, 1);
  });

  it('stops at the first epoch without improvement with the Keras default patience 0', () => {
    assert.equal(stopEpoch({}, [3, 2, 2.5, 1]), 2);
  });

  it('needs an improvement larger than min_delta', () => {
    // best 1; 0.95 is not below 1 − 0.1 → wait 1; 0.85 is below 0.9 → improvement
    assert.equal(stopEpoch({ min_delta: 0.1, patience: 2 }, [1, 0.95, 0.85, 0.84, 0.83]), 4);
  });

  it('treats higher as better in max mode', () => {
    assert.equal(stopEpoch({ mode: 'max', patience: 1 }, [1, 2, 1.5, 3]), 2);
  });

  it('can watch the training loss instead of the validation loss', () => {
    const es = createEarlyStopping({ monitor: 'loss', patience: 1 });
    assert.equal(es.observe(0, { loss: 1 }).stop, false);
    assert.equal(es.observe(1, { loss: 1 }).stop, true);
  });

  it('continues from a saved state', () => {
    const first = createEarlyStopping({ patience: 2 });
    first.observe(0, { loss: 0, val_loss: 1 });
    first.observe(1, { loss: 0, val_loss: 2 });
    const second = createEarlyStopping({ patience: 2 });
    second.setState(JSON.parse(JSON.stringify(first.getState())));
    assert.equal(second.observe(2, { loss: 0, val_loss: 2 }).stop, true);
  });
});
