import type * as tf from '@tensorflow/tfjs';
import type { BatchSource } from '../data/dataset.js';
import type {
  EarlyStoppingSpec,
  LossSpec,
  LrScheduleSpec,
  OptimizerSpec,
} from '../schema/generated/experiment.js';
import type { EarlyStopping } from './early-stopping.js';
import type { EpochRecord, StepRecord } from './epoch-record.js';
import type { Loss } from './losses/index.js';
import type { Optimizer } from './optimizers/index.js';
import type { LrSchedule } from './schedules/index.js';

export interface FitOptions {
  /** Stage name, for messages and the checkpoint's identity. */
  readonly stage: string;
  /** The network to train, built and initialised; trained in place. */
  readonly model: tf.LayersModel;
  /** pairs: loss(model(x), y); triplets: the one model describes anchor, positive and negative. */
  readonly kind: 'pairs' | 'triplets';
  readonly train: BatchSource;
  /** Validation batches, evaluated in inference mode after every epoch. */
  readonly val?: BatchSource;
  readonly loss: LossSpec;
  readonly optimizer: OptimizerSpec;
  readonly schedule?: LrScheduleSpec;
  readonly earlyStopping?: EarlyStoppingSpec;
  readonly epochs: number;
  /** Seeds dropout masks (per epoch, step and call), so a rerun or a resume repeats exactly. */
  readonly seed: number;
  /** Checkpoint after every epoch here, and resume from the newest one found. Omit for none. */
  readonly checkpointDir?: string;
  /** Epoch checkpoints kept on disk (default 1). */
  readonly keepCheckpoints?: number;
  /** An earlier stage's network applied to every input batch first (see createInputTransform). */
  readonly inputTransform?: (x: tf.Tensor) => tf.Tensor;
  readonly onEpoch?: (record: EpochRecord) => void | Promise<void>;
  readonly onStep?: (record: StepRecord) => void | Promise<void>;
  /** Aborting stops at the next step; the last epoch checkpoint stays, so the stage can resume. */
  readonly signal?: AbortSignal;
}

export interface FitResult {
  /** Every epoch of the stage, including those done before a resume. */
  readonly history: readonly EpochRecord[];
  /** Epochs completed before this call (0 unless resumed from a checkpoint). */
  readonly resumedFromEpoch: number;
  readonly stoppedEarly: boolean;
  /** 1-based epoch with the best monitored value (early stopping only). */
  readonly bestEpoch?: number;
  /** The model holds the best epoch's weights rather than the last's. */
  readonly restoredBestWeights: boolean;
}

/** A stage's training in progress: what fit's steps, checkpoints and resume share. */
export interface Run {
  readonly opts: FitOptions;
  readonly loss: Loss;
  readonly optimizer: Optimizer;
  readonly schedule: LrSchedule;
  readonly early?: EarlyStopping;
  readonly variables: tf.Variable[];
  readonly dropoutLayers: tf.layers.Layer[];
  readonly configKey: string;
  history: EpochRecord[];
  bestWeights: tf.Tensor[] | null;
  stopped: boolean;
  nextEpoch: number;
}
