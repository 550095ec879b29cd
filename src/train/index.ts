/** The training engine: what the pipeline and the CLI call. */
export { fit } from './fit.js';
export type { FitOptions, FitResult } from './fit-types.js';
export type { EpochRecord, StepRecord } from './epoch-record.js';
export { createLoss, LOSSES } from './losses/index.js';
export type { Loss, PairLoss, TripletLoss } from './losses/index.js';
export { createOptimizer, OPTIMIZERS } from './optimizers/index.js';
export type { Optimizer, OptimizerState } from './optimizers/index.js';
export { createSchedule, SCHEDULES } from './schedules/index.js';
export type { LrSchedule } from './schedules/index.js';
export { createEarlyStopping } from './early-stopping.js';
export type { EarlyStopping } from './early-stopping.js';
export { NonFiniteLossError } from './non-finite-loss.js';
export { readLatestCheckpoint } from './checkpoint.js';
export { loadModelWeights, saveModelWeights } from './model-weights.js';
export { createInputTransform, postprocess } from './input-transform.js';
export type { Postprocess } from './input-transform.js';
export { withDefaults } from './spec-defaults.js';
