/** The metrics a schedule or early stopping can watch, named as in Keras logs. */
export type Monitor = 'loss' | 'val_loss';

export interface EpochMetrics {
  readonly loss: number;
  readonly val_loss?: number;
}

/** The monitored value, or an error naming what is missing and how to fix it. */
export function readMonitor(metrics: EpochMetrics, monitor: Monitor, who: string): number {
  const value = metrics[monitor];
  if (value === undefined) {
    throw new Error(
      `${who} monitors "${monitor}" but the stage has no validation data; give the stage validation samples or monitor "loss"`,
    );
  }
  return value;
}
