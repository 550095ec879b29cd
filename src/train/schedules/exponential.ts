import type { ExponentialSchedule } from '../../schema/generated/experiment.js';
import { formulaSchedule, type LrSchedule } from './schedule.js';

/** PyTorch ExponentialLR: lr · gamma^e. */
export function createExponential(spec: ExponentialSchedule, lr: number): LrSchedule {
  return formulaSchedule((e) => lr * spec.gamma ** e);
}
