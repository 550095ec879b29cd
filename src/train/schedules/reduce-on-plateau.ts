import type { ReduceOnPlateauSchedule } from '../../schema/generated/experiment.js';
import { readMonitor } from '../monitor.js';
import { withDefaults } from '../spec-defaults.js';
import type { LrSchedule } from './schedule.js';

/**
 * Keras 2.2 ReduceLROnPlateau.on_epoch_end, line for line: during cooldown the wait counter is reset; an
 * improvement (by more than min_delta) resets it; otherwise, outside cooldown, it counts up and at
 * `patience` the rate is multiplied by `factor` (floored at min_lr, and only while above min_lr).
 */
export function createReduceOnPlateau(spec: ReduceOnPlateauSchedule, lr: number): LrSchedule {
  const { monitor, factor, patience, min_lr, cooldown, min_delta, mode } = withDefaults(
    'reduce_on_plateau_schedule',
    spec,
  );
  const improves = (current: number, best: number | null): boolean =>
    best === null || (mode === 'min' ? current < best - min_delta : current > best + min_delta);
  let rate = lr;
  let best: number | null = null;
  let wait = 0;
  let cooldownCounter = 0;
  return {
    monitor,
    rateFor: () => rate,
    observe(_epoch, metrics) {
      const current = readMonitor(metrics, monitor, 'reduce_on_plateau');
      if (cooldownCounter > 0) {
        cooldownCounter--;
        wait = 0;
      }
      if (improves(current, best)) {
        best = current;
        wait = 0;
      } else if (cooldownCounter === 0) {
        wait++;
        if (wait >= patience && rate > min_lr) {
          rate = Math.max(rate * factor, min_lr);
          cooldownCounter = cooldown;
          wait = 0;
        }
      }
    },
    getState: () => ({ rate, best, wait, cooldownCounter }),
    setState(state) {
      rate = state.rate ?? lr;
      best = state.best ?? null;
      wait = state.wait ?? 0;
      cooldownCounter = state.cooldownCounter ?? 0;
    },
  };
}
