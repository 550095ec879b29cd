import type { ExperimentSpec } from '../schema/generated/experiment.js';
import type { TrialPlan } from '../sweep/runner.js';

/**
 * What `trellis run` writes to `<trialDir>/plan.json` for `trellis trial`: the runner's plan plus the
 * fully resolved trial spec, so a trial (also on a Slurm node) never re-reads or re-resolves YAML.
 */
export interface TrialFile extends TrialPlan {
  readonly spec: ExperimentSpec;
  /** The spec file the trial came from: relative data paths resolve against its folder. */
  readonly specPath: string;
  /** Hash of the resolved trial spec (tag `trellis.spec_hash`). */
  readonly specHash: string;
  /** The artifacts root (for the stage and data caches). */
  readonly artifacts: string;
}
