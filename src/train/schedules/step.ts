import type { StepSchedule } from '../../schema/generated/experiment.js';
import { withDefaults } from '../spec-defaults.js';
import { formulaSchedule, type LrSchedule } from './schedule.js';

/** PyTorch StepLR: lr · gamma^floor(e / step_size). */
export function createStep(spec: StepSchedule, lr: number): LrSchedule {
  const { step_size, gamma } = withDefaults('step_schedule', spec);
  return formulaSchedule((e) => lr * gamma ** Math.floor(e / step_size));
}
