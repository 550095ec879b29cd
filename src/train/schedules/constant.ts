import { formulaSchedule, type LrSchedule } from './schedule.js';

/** No schedule: the optimizer's rate for every epoch. */
export function createConstant(lr: number): LrSchedule {
  return formulaSchedule(() => lr);
}
