import type { EpochMetrics } from './monitor.js';

/** What one epoch did; `fit` reports it to onEpoch, stores it in checkpoints and returns the list. */
export interface EpochRecord {
  /** 1 for the first epoch (as Keras prints "Epoch 1/20"). */
  readonly epoch: number;
  /** Mean training loss over the epoch's samples (weighted by batch size, as Keras' progress bar). */
  readonly loss: number;
  /** Mean validation loss in inference mode, after the epoch; absent without validation data. */
  readonly valLoss?: number;
  /** Learning rate used during this epoch. */
  readonly lr: number;
  readonly steps: number;
  readonly samples: number;
  /** Wall time of the epoch, training and validation. */
  readonly seconds: number;
  /** Training samples per second (training steps only). */
  readonly samplesPerSecond: number;
}

/** One optimisation step, for progress bars and live tracking. */
export interface StepRecord {
  readonly epoch: number;
  /** 1-based within the epoch. */
  readonly step: number;
  readonly steps: number;
  readonly loss: number;
}

export function metricsOf(record: EpochRecord): EpochMetrics {
  return record.valLoss === undefined
    ? { loss: record.loss }
    : { loss: record.loss, val_loss: record.valLoss };
}
