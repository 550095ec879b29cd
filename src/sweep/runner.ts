/**
 * The contract between the sweep orchestrator and an execution back end (runners/local, runners/slurm).
 * A runner decides where and when `trellis trial <plan.json>` runs and how its end is observed.
 * It never reads YAML, builds graphs or talks to MLflow.
 */

/** Everything a back end needs to launch one trial. Written to `<trialDir>/plan.json` by the orchestrator. */
export interface TrialPlan {
  readonly trialId: string;
  /** Sweep folder: artifacts/<experiment>/<sweep>/ (shared filesystem on Slurm). */
  readonly sweepDir: string;
  /** Trial folder: <sweepDir>/trials/<trialId>/ — outputs, stdout.log, stderr.log, status.json. */
  readonly trialDir: string;
  /** The swept values that make this trial, as spec paths → values (for display and run names). */
  readonly overrides: Readonly<Record<string, unknown>>;
  /** argv that runs the trial to completion (resuming from its checkpoint if one exists). */
  readonly command: readonly string[];
  /** Extra environment for the trial process. */
  readonly env?: Readonly<Record<string, string>>;
}

/** What a trial reports about itself in `<trialDir>/status.json` (the source of truth for every runner). */
export interface TrialStatusFile {
  readonly trialId: string;
  readonly state: 'running' | 'completed' | 'failed' | 'killed';
  readonly reason?: string;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly attempt?: number;
}

export type TrialEvent =
  | { readonly kind: 'started'; readonly trialId: string; readonly where: string; readonly at: string }
  | { readonly kind: 'progress'; readonly trialId: string; readonly line: string; readonly at: string }
  | {
      readonly kind: 'completed';
      readonly trialId: string;
      readonly metrics: Readonly<Record<string, number>>;
      readonly at: string;
    }
  | { readonly kind: 'failed'; readonly trialId: string; readonly reason: string; readonly at: string }
  | { readonly kind: 'killed'; readonly trialId: string; readonly reason: string; readonly at: string }
  /** The back end accepted the trial but it runs detached (e.g. a Slurm job id), for re-attachment. */
  | { readonly kind: 'submitted'; readonly trialId: string; readonly handle: string; readonly at: string };

export interface RunContext {
  /** Aborting stops launching new trials and signals running ones. */
  readonly signal: AbortSignal;
  /** Max trials at once (local: processes; slurm: the array's %P throttle). */
  readonly parallelism: number;
  /** Back-end specific settings from the spec's `runner:` section. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Handles persisted by an earlier invocation (trialId → handle), so a runner can re-attach. */
  readonly handles?: Readonly<Record<string, string>>;
}

export interface Runner {
  readonly kind: 'local' | 'slurm';
  run(trials: readonly TrialPlan[], ctx: RunContext): AsyncIterable<TrialEvent>;
}
