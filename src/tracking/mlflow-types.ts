/** Shapes of the MLflow REST API's responses (protobuf-as-JSON: empty fields are left out, so arrays are optional). */
import type { KeyValue, Metric } from './log-batch-limits.js';

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: 'active' | 'deleted';
  tags?: KeyValue[];
}
export interface RunInfo {
  run_id: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status: RunStatus;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: 'active' | 'deleted';
}
export interface RunData {
  metrics?: Metric[];
  params?: KeyValue[];
  tags?: KeyValue[];
}
export interface Run {
  info: RunInfo;
  data: RunData;
}
export interface ArtifactFile {
  path: string;
  is_dir: boolean;
  file_size?: number;
}
