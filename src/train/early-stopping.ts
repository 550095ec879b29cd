import type { EarlyStoppingSpec } from '../schema/generated/experiment.js';
import { readMonitor, type EpochMetrics, type Monitor } from './monitor.js';
import { withDefaults } from './spec-defaults.js';

export interface EarlyStoppingState {
  readonly best: number | null;
  readonly bestEpoch: number | null;
  readonly wait: number;
}

export interface EarlyStoppingVerdict {
  /** This epoch is the best so far (snapshot the weights if restoring). */
  readonly improved: boolean;
  /** Stop after this epoch. */
  readonly stop: boolean;
}

export interface EarlyStopping {
  readonly monitor: Monitor;
  readonly restoreBestWeights: boolean;
  observe(epoch: number, metrics: EpochMetrics): EarlyStoppingVerdict;
  getState(): EarlyStoppingState;
  setState(state: EarlyStoppingState): void;
}

/**
 * Keras 2.2 EarlyStopping.on_epoch_end: improvement means beating the best by more than min_delta; after
 * `patience` epochs without one, stop. Weight snapshots are the caller's job (they are tensors); the
 * caller restores them only when training stops early, as Keras does.
 */
export function createEarlyStopping(spec: EarlyStoppingSpec): EarlyStopping {
  const { monitor, patience, min_delta, mode, restore_best_weights } = withDefaults('early_stopping', spec);
  let state: EarlyStoppingState = { best: null, bestEpoch: null, wait: 0 };
  const improves = (current: number, best: number | null): boolean =>
    best === null || (mode === 'min' ? current < best - min_delta : current > best + min_delta);
  return {
    monitor,
    restoreBestWeights: restore_best_weights,
    observe(epoch, metrics) {
      const current = readMonitor(metrics, monitor, 'early_stopping');
      if (improves(current, state.best)) {
        state = { best: current, bestEpoch: epoch, wait: 0 };
        return { improved: true, stop: false };
      }
      state = { ...state, wait: state.wait + 1 };
      return { improved: false, stop: state.wait >= patience };
    },
    getState: () => state,
    setState(s) {
      state = { ...s };
    },
  };
}
