import type { LrScheduleSpec } from '../../schema/generated/experiment.js';
import { createConstant } from './constant.js';
import { createCosine } from './cosine.js';
import { createExponential } from './exponential.js';
import { createReduceOnPlateau } from './reduce-on-plateau.js';
import type { LrSchedule } from './schedule.js';
import { createStep } from './step.js';

export type { LrSchedule, ScheduleState } from './schedule.js';

type ScheduleFactories = {
  readonly [T in LrScheduleSpec['type']]: (
    spec: Extract<LrScheduleSpec, { type: T }>,
    lr: number,
  ) => LrSchedule;
};

/** Every schedule type of stage.schema.json → its factory (given the optimizer's initial rate). */
export const SCHEDULES: ScheduleFactories = Object.freeze({
  cosine: createCosine,
  exponential: createExponential,
  reduce_on_plateau: createReduceOnPlateau,
  step: createStep,
});

/** The stage's schedule; without one the rate stays at `lr`. */
export function createSchedule(spec: LrScheduleSpec | undefined, lr: number): LrSchedule {
  if (!spec) return createConstant(lr);
  const factory = SCHEDULES[spec.type] as (s: LrScheduleSpec, lr: number) => LrSchedule;
  return factory(spec, lr);
}
