import type { CosineSchedule } from '../../schema/generated/experiment.js';
import { withDefaults } from '../spec-defaults.js';
import { formulaSchedule, type LrSchedule } from './schedule.js';

/**
 * PyTorch CosineAnnealingLR's closed form, min_lr + (lr − min_lr)(1 + cos(π e / t_max))/2, held at min_lr
 * from t_max on (PyTorch would climb back up: a restart nobody asked for).
 */
export function createCosine(spec: CosineSchedule, lr: number): LrSchedule {
  const { t_max, min_lr } = withDefaults('cosine_schedule', spec);
  return formulaSchedule((e) =>
    e >= t_max ? min_lr : min_lr + ((lr - min_lr) * (1 + Math.cos((Math.PI * e) / t_max))) / 2,
  );
}
