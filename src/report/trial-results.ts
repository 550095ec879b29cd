/**
 * What a finished trial leaves in `<trialDir>/results.json` (written by src/pipeline/run-trial.ts, which
 * checks its object against this type): the reader's contract for `trellis report`.
 */
import type { HPatchesResults } from '../eval/hpatches/evaluate.js';
import type { EpochRecord } from '../train/epoch-record.js';

export const RESULTS_FILE = 'results.json';

export interface TrialStageResult {
  /** The stage cache key. */
  readonly key: string;
  /** True when the stage came from the stage cache instead of being trained by this trial. */
  readonly cached: boolean;
  /** Training wall time of the stage. */
  readonly seconds: number;
  /** The back end that trained it (absent for a cached stage stored without one). */
  readonly backend?: string;
  readonly history: readonly EpochRecord[];
}

export interface TrialResultsFile {
  readonly trialId: string;
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly backend: string;
  /** `params/<model>/trainable` and `params/<model>/non_trainable`. */
  readonly parameters: Readonly<Record<string, number>>;
  /** `eval/...` (see resultsToMetrics) and `time/<stage>_train_seconds`, `time/eval_seconds`. */
  readonly metrics: Readonly<Record<string, number>>;
  /** In training order. */
  readonly stages: Readonly<Record<string, TrialStageResult>>;
  readonly results: HPatchesResults;
}
