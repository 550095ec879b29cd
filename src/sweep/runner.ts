/**
 * The contract between the sweep orchestrator and an execution back end (runners/local, runners/slurm).
 * A runner decides where and when `trellis trial <plan.json>` runs and how its end is observed.
 * It never reads YAML, builds graphs or talks to MLflow.
 */

/**
 * Everything a back end needs to launch one trial. `runSweep` writes it (and any extra fields the caller
 * put on the object) to `<trialDir>/plan.json` before the first launch.
 */
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

/**
 * What a trial reports about itself in `<trialDir>/status.json` — the source of truth for every runner.
 * The trial writes it atomically: `running` when it starts, then `completed` (with metrics), `failed`
 * (with reason) or `killed` (it was asked to stop, checkpointed, and can resume). A runner rewrites it
 * (`writtenBy: 'runner'`) only when the trial ended without writing a final state (crash, signal, OOM,
 * time limit), adding what it observed (`exit`, `slurmState`).
 */
export interface TrialStatusFile {
  readonly trialId: string;
  readonly state: 'running' | 'completed' | 'failed' | 'killed';
  readonly reason?: string;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly startedAt?: string;
  readonly endedAt?: string;
  /** 1-based; the runner passes it as TRELLIS_ATTEMPT. */
  readonly attempt?: number;
  /** Who wrote this file; absent means the trial. */
  readonly writtenBy?: 'trial' | 'runner';
  /** How the trial process ended, as the runner saw it. */
  readonly exit?: TrialExit;
  /** Slurm's JobState for the task, when the Slurm runner wrote the file. */
  readonly slurmState?: string;
}

/** How a trial process ended: an exit code, or the signal that killed it (then `code` is null). */
export interface TrialExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** Where the trial finds its attempt number (1 for the first launch, +1 per relaunch or requeue). */
export const ATTEMPT_ENV = 'TRELLIS_ATTEMPT';

/**
 * Machine-readable progress: a trial prints a line `@@trellis {"stage":"denoiser","epoch":3,...}` to stdout.
 * Runners forward such lines as `progress` events (the JSON part in `line`, parsed in `progress`); every
 * other line only goes to stdout.log.
 */
export const PROGRESS_PREFIX = '@@trellis ';

/** The fields a progress line may carry; all optional, unknown fields are kept. */
export interface TrialProgress {
  readonly stage?: string;
  readonly epoch?: number;
  readonly epochs?: number;
  readonly step?: number;
  readonly steps?: number;
  readonly loss?: number;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly message?: string;
  readonly [key: string]: unknown;
}

/** The line a trial prints to report progress (pure; for trial programs and tests). */
export function formatProgressLine(progress: TrialProgress): string {
  return PROGRESS_PREFIX + JSON.stringify(progress);
}

/** Parses a stdout line; undefined when it is not a well-formed progress line. */
export function parseProgressLine(line: string): TrialProgress | undefined {
  if (!line.startsWith(PROGRESS_PREFIX)) return undefined;
  try {
    const value: unknown = JSON.parse(line.slice(PROGRESS_PREFIX.length));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as TrialProgress)
      : undefined;
  } catch {
    return undefined;
  }
}

export type TrialEvent =
  | { readonly kind: 'started'; readonly trialId: string; readonly where: string; readonly at: string }
  | {
      readonly kind: 'progress';
      readonly trialId: string;
      /** The JSON text after PROGRESS_PREFIX. */
      readonly line: string;
      readonly progress: TrialProgress;
      readonly at: string;
    }
  | {
      readonly kind: 'completed';
      readonly trialId: string;
      readonly metrics: Readonly<Record<string, number>>;
      readonly at: string;
    }
  | {
      readonly kind: 'failed';
      readonly trialId: string;
      readonly reason: string;
      readonly exit?: TrialExit;
      readonly at: string;
    }
  /** Stopped before finishing (Ctrl-C, time limit, cancellation); the next run resumes it. */
  | {
      readonly kind: 'killed';
      readonly trialId: string;
      readonly reason: string;
      readonly exit?: TrialExit;
      readonly at: string;
    }
  /** The back end accepted the trial and gave it a handle (Slurm `job_task`, local `pid:…`) for re-attachment. */
  | { readonly kind: 'submitted'; readonly trialId: string; readonly handle: string; readonly at: string };

export interface RunContext {
  /** Aborting stops launching new trials and signals running ones (Slurm: scancel). */
  readonly signal: AbortSignal;
  /** Aborted on a second Ctrl-C: stop waiting for graceful ends, kill now (SIGKILL / scancel and return). */
  readonly forceSignal?: AbortSignal;
  /** Max trials at once (local: processes; slurm: the array's %P throttle); absent: the runner's option or default. */
  readonly parallelism?: number;
  /** Back-end specific settings from the spec's `runner:` section (LocalRunnerSpec / SlurmRunnerSpec). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Handles persisted by an earlier invocation (trialId → handle), so a runner can re-attach. */
  readonly handles?: Readonly<Record<string, string>>;
  /** Attempt number per trial (1-based), for log headers and TRELLIS_ATTEMPT; default 1. */
  readonly attempts?: Readonly<Record<string, number>>;
  /** Return once every trial is submitted instead of waiting for the ends (Slurm; local ignores it). */
  readonly detach?: boolean;
}

export interface Runner {
  readonly kind: 'local' | 'slurm';
  /**
   * Runs (or re-attaches to) the trials and yields their events. Every trial ends with exactly one of
   * completed / failed / killed, unless `detach` returned early. Never throws for a trial's failure.
   */
  run(trials: readonly TrialPlan[], ctx: RunContext): AsyncIterable<TrialEvent>;
}
