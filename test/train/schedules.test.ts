import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSchedule, SCHEDULES, type LrSchedule } from '../../src/train/schedules/index.js';

/** Rates used by each epoch when epoch e ends with val_loss = losses[e]. */
function rates(schedule: LrSchedule, losses: number[]): number[] {
  return losses.map((loss, e) => {
    const rate = schedule.rateFor(e);
    schedule.observe(e, { loss, val_loss: loss });
    return rate;
  });
}

const closeAll = (actual: number[], expected: number[]): void =>
  actual.forEach((a, i) =>
    assert.ok(Math.abs(a - expected[i]) < 1e-12, `epoch ${i}: expected ${expected[i]}, got ${a}`),
  );

describe('learning-rate schedules', () => {
  it('lists its schedule types in sorted order and cannot be changed', () => {
    assert.deepEqual(Object.keys(SCHEDULES), ['cosine', 'exponential', 'reduce_on_plateau', 'step']);
    assert.ok(Object.isFrozen(SCHEDULES));
  });

  it('keeps the optimizer rate without a schedule', () => {
    assert.deepEqual(rates(createSchedule(undefined, 0.1), [3, 2, 1]), [0.1, 0.1, 0.1]);
  });

  it('reduce_on_plateau halves the rate after 2 epochs without improvement, from the next epoch', () => {
    // best 1 → 0.9 (epoch 1); epochs 2, 3 do not improve → reduce after epoch 3; epochs 4, 5 → reduce after 5
    const s = createSchedule({ type: 'reduce_on_plateau', factor: 0.5, patience: 2 }, 1);
    assert.deepEqual(rates(s, [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]), [1, 1, 1, 1, 0.5, 0.5, 0.25]);
  });

  it('reduce_on_plateau waits out its cooldown before counting again (Keras order)', () => {
    // reduce after epoch 3, cooldown 2: epoch 4 in cooldown, epoch 5 ends it and counts 1, epoch 6 counts 2 → reduce
    const s = createSchedule({ type: 'reduce_on_plateau', factor: 0.5, patience: 2, cooldown: 2 }, 1);
    assert.deepEqual(rates(s, [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]), [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25]);
  });

  it("reduce_on_plateau stops at min_lr: the study's 1e-3 → 2e-4 → 1e-4", () => {
    const s = createSchedule({ type: 'reduce_on_plateau', factor: 0.2, patience: 1, min_lr: 1e-4 }, 1e-3);
    closeAll(rates(s, [1, 1, 1, 1, 1]), [1e-3, 1e-3, 2e-4, 1e-4, 1e-4]);
  });

  it('reduce_on_plateau does not count changes smaller than min_delta as improvement', () => {
    const s = createSchedule({ type: 'reduce_on_plateau', factor: 0.5, patience: 1, min_delta: 0.01 }, 1);
    assert.deepEqual(rates(s, [1, 0.995, 0.98, 0.975]), [1, 1, 0.5, 0.5]);
  });

  it('reduce_on_plateau in max mode treats a higher value as better', () => {
    const s = createSchedule({ type: 'reduce_on_plateau', factor: 0.5, patience: 1, mode: 'max' }, 1);
    assert.deepEqual(rates(s, [1, 2, 3, 2, 4]), [1, 1, 1, 1, 0.5]);
  });

  it('reduce_on_plateau can watch the training loss', () => {
    const s = createSchedule({ type: 'reduce_on_plateau', monitor: 'loss', factor: 0.5, patience: 1 }, 1);
    const seen = [2, 2, 2].map((loss, e) => {
      const r = s.rateFor(e);
      s.observe(e, { loss });
      return r;
    });
    assert.deepEqual(seen, [1, 1, 0.5]);
  });

  it('reduce_on_plateau explains a missing val_loss', () => {
    const s = createSchedule({ type: 'reduce_on_plateau' }, 1);
    assert.throws(
      () => s.observe(0, { loss: 1 }),
      /monitors "val_loss" but the stage has no validation data/,
    );
  });

  it('reduce_on_plateau continues identically from its saved state', () => {
    const spec = { type: 'reduce_on_plateau', factor: 0.5, patience: 2 } as const;
    const losses = [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    const first = createSchedule(spec, 1);
    const head = rates(first, losses.slice(0, 3));
    const second = createSchedule(spec, 1);
    second.setState(JSON.parse(JSON.stringify(first.getState())));
    const tail = losses.slice(3).map((loss, i) => {
      const r = second.rateFor(i + 3);
      second.observe(i + 3, { loss, val_loss: loss });
      return r;
    });
    assert.deepEqual([...head, ...tail], [1, 1, 1, 1, 0.5, 0.5, 0.25]);
  });

  it('step multiplies by gamma every step_size epochs', () => {
    assert.deepEqual(
      rates(createSchedule({ type: 'step', step_size: 2, gamma: 0.5 }, 1), [0, 0, 0, 0, 0]),
      [1, 1, 0.5, 0.5, 0.25],
    );
  });

  it('exponential multiplies by gamma every epoch', () => {
    assert.deepEqual(
      rates(createSchedule({ type: 'exponential', gamma: 0.5 }, 1), [0, 0, 0, 0]),
      [1, 0.5, 0.25, 0.125],
    );
  });

  it('cosine anneals to min_lr over t_max epochs and stays there', () => {
    const got = rates(createSchedule({ type: 'cosine', t_max: 4 }, 1), [0, 0, 0, 0, 0, 0]);
    closeAll(got, [1, 0.8535533905932737, 0.5, 0.14644660940672627, 0, 0]);
    const floor = rates(createSchedule({ type: 'cosine', t_max: 2, min_lr: 0.1 }, 1), [0, 0, 0, 0]);
    closeAll(floor, [1, 0.55, 0.1, 0.1]);
  });
});
