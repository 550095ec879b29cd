/** The spec's `tracking:` section with its schema defaults applied, for the orchestrator and trial runner. */
import type { ExperimentSpec } from '../schema/generated/experiment.js';
import { DEFAULT_OFFLINE_DIR, experimentName } from './open-run.js';

export interface TrackingSettings {
  readonly enabled: boolean;
  /** MLflow experiment: `tracking.mlflow.experiment` ?? spec `name`. */
  readonly experiment: string;
  readonly logModels: boolean;
  readonly logArtifacts: boolean;
  readonly flushIntervalS: number;
  readonly offlineDir: string;
}

/** Defaults mirror schemas/tracking.schema.json. */
export function trackingSettings(spec: Pick<ExperimentSpec, 'name' | 'tracking'>): TrackingSettings {
  const t = spec.tracking ?? {};
  return {
    enabled: t.enabled ?? true,
    experiment: experimentName(spec),
    logModels: t.mlflow?.log_models ?? true,
    logArtifacts: t.mlflow?.log_artifacts ?? true,
    flushIntervalS: t.flush_interval_s ?? 30,
    offlineDir: t.offline_dir ?? DEFAULT_OFFLINE_DIR,
  };
}
