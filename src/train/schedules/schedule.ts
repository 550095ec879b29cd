import type { EpochMetrics, Monitor } from '../monitor.js';

/** JSON-safe state (checkpoints store it in state.json). */
export type ScheduleState = Readonly<Record<string, number | null>>;

/**
 * A learning-rate schedule, stepped per epoch: `rateFor(e)` before epoch e (0-based) runs, `observe(e, …)`
 * after it. Formula schedules are pure in e; reduce_on_plateau carries state between epochs.
 */
export interface LrSchedule {
  /** The metric observe() needs, if any (fit checks it exists before training). */
  readonly monitor?: Monitor;
  rateFor(epoch: number): number;
  observe(epoch: number, metrics: EpochMetrics): void;
  getState(): ScheduleState;
  setState(state: ScheduleState): void;
}

/** Pure schedule from a formula of the epoch. */
export function formulaSchedule(rate: (epoch: number) => number): LrSchedule {
  return { rateFor: rate, observe: () => {}, getState: () => ({}), setState: () => {} };
}
