import { isAbsolute, join, relative } from 'node:path';
import type { Command } from 'commander';
import { parseBackendName } from '../../backend/select-backend.js';
import { formatIssue, locateIssues } from '../../diagnostics/render-issues.js';
import { artifactsRoot } from '../../pipeline/artifact-paths.js';
import type { ExperimentSpec } from '../../schema/generated/experiment.js';
import { loadSpec } from '../../spec/load-spec.js';
import { planTrials } from '../../spec/plan-trials.js';
import { installInterruptHandler } from '../../sweep/interrupt-handler.js';
import { defaultSweepName, prepareTrials } from '../../sweep/prepare-trials.js';
import { runSweep } from '../../sweep/run-sweep.js';
import { experimentName, openSweepRun, parentRefToEnv } from '../../tracking/open-run.js';
import { detectGitCommit } from '../../tracking/run-tags.js';
import { RUNNERS } from '../../../runners/index.js';
import { EXIT_INVALID_SPEC } from '../cli-io.js';
import type { CliIo } from '../cli-io.js';
import type { CliCommand } from './cli-command.js';
import { collectSet } from './options.js';
import { createSweepProgress } from '../progress/sweep-progress.js';
import { formatSweepSummary, summarizeSweepForTracking } from '../progress/sweep-summary.js';

export interface RunOptions {
  readonly set?: readonly string[];
  readonly backend?: string;
  readonly workers?: number;
  readonly runner?: 'local' | 'slurm';
  readonly retryFailed?: boolean;
  readonly sweep?: string;
  readonly detach?: boolean;
  /** commander's --no-stage-cache */
  readonly stageCache?: boolean;
}

/** `trellis run <spec>`: every trial of the spec's sweep (one when there is none), resumably. */
export async function runRun(specPath: string, opts: RunOptions, io: CliIo): Promise<number> {
  const loaded = await loadSpec(specPath, { set: opts.set, cwd: io.cwd });
  const plan = loaded.issues.length === 0 && !loaded.library ? planTrials(loaded.spec) : { trials: [], issues: [] };
  const issues = [...loaded.issues, ...plan.issues];
  if (issues.length > 0 || loaded.library) {
    io.out(locateIssues(issues, loaded.sourceMap, io.cwd).map((i) => `${formatIssue(i)}\n`).join(''));
    io.err(`${specPath}: ${loaded.library ? 'is a block library, not an experiment' : 'invalid'}; nothing was run\n`);
    return EXIT_INVALID_SPEC;
  }
  if (opts.backend) parseBackendName(opts.backend, '--backend');
  const spec: ExperimentSpec = loaded.spec;
  const artifacts = artifactsRoot(io.cwd);
  const sweepName = opts.sweep ?? defaultSweepName(plan.trials);
  const sweepDir = join(artifacts, spec.name, sweepName);
  const runnerSpec = (spec.runner ?? { type: 'local' }) as { type: 'local' | 'slurm' } & Record<string, unknown>;
  const runnerKind = opts.runner ?? runnerSpec.type;
  const runnerOptions = runnerKind === runnerSpec.type ? runnerSpec : { type: runnerKind };
  const shownDir = relative(io.cwd, sweepDir);
  // A folder outside the working directory (TRELLIS_ARTIFACTS=/scratch/…) reads better absolute than as ../../…
  io.out(`trellis: ${spec.name}: ${plan.trials.length} trial(s), ${runnerKind} runner, sweep folder ${shownDir.startsWith('..') || isAbsolute(shownDir) ? sweepDir : shownDir || '.'}\n`);

  const sweepRun = openSweepRun({
    experiment: experimentName(spec),
    sweepId: `${spec.name}/${sweepName}`,
    sweepDir,
    runName: plan.trials.length === 1 && !spec.sweep ? `${spec.name} (${sweepName})` : sweepName,
    offlineDir: spec.tracking?.offline_dir,
    flushIntervalS: spec.tracking?.flush_interval_s,
    tagInput: { gitCommit: detectGitCommit(io.cwd), sweepId: sweepName },
    warn: (m) => io.err(`tracking: ${m}\n`),
  });
  const { description: _d, ...sweepConfig } = spec;
  sweepRun.logParams({ sweep: sweepConfig.sweep ?? {}, trials: plan.trials.length, runner: runnerKind });
  // Trials nest under the parent run as soon as it is on the server.
  await sweepRun.flush();
  const env: Record<string, string> = { ...parentRefToEnv(sweepRun.ref), ...(opts.backend ? { TRELLIS_BACKEND: opts.backend } : {}),
    ...(opts.stageCache === false ? { TRELLIS_STAGE_CACHE: 'off' } : {}),
  };
  const trials = prepareTrials({ trials: plan.trials, sweepDir, specPath: loaded.files[0], artifacts, env });

  const interrupt = installInterruptHandler({
    onFirst: (sig) => io.err(`\n${sig}: stopping — trials checkpoint and stop; press Ctrl-C again to kill them now\n`),
  });
  const progress = createSweepProgress({ io, trials, tty: Boolean(process.stdout.isTTY) });
  try {
    const summary = await runSweep({
      plans: trials,
      runner: RUNNERS[runnerKind],
      sweepDir,
      runnerOptions,
      parallelism: opts.workers,
      retryFailed: opts.retryFailed,
      detach: opts.detach,
      signal: interrupt.signal,
      forceSignal: interrupt.forceSignal,
      onEvent: (event, state) => progress.update(event, state),
    });
    progress.stop();
    const table = formatSweepSummary(summary.state, trials);
    io.out(`\n${table}`);
    await summarizeSweepForTracking({ tracker: sweepRun, state: summary.state, table, sweepDir });
    await sweepRun.end(summary.interrupted ? 'KILLED' : summary.exitCode === 0 ? 'FINISHED' : 'FAILED');
    return summary.exitCode;
  } catch (err) {
    progress.stop();
    await sweepRun.end('FAILED');
    throw err;
  } finally {
    interrupt.dispose();
  }
}

export const runCommand: CliCommand = {
  name: 'run',
  register: (program: Command, ctx) => {
    program
      .command('run')
      .summary('run an experiment: every trial of its sweep, resumably')
      .description(
        'Validates the spec, expands its sweep and runs each trial in its own process (local runner: in parallel on ' +
          'every core or GPU; slurm: as a job array). Running the same command again resumes: finished trials are ' +
          'skipped, interrupted ones resume from their checkpoints, failed ones rerun with --retry-failed. ' +
          'Outputs go under artifacts/<name>/<sweep>/; tracking goes to MLFLOW_TRACKING_URI, or stays local (see `trellis sync`).',
      )
      .argument('<spec>', 'experiment YAML file')
      .option('--set <path=value>', 'override a spec value, e.g. stages.descriptor.optimizer.lr=0.01 (repeatable)', collectSet, [])
      .option('--backend <name>', 'compute back end: auto | tfjs-node-gpu | tfjs-node | wasm | cpu (overrides TRELLIS_BACKEND and the spec)')
      .option('-w, --workers <n>', 'trials at once (default: one per GPU, else one per core)', (v) => Number.parseInt(v, 10))
      .option('--runner <kind>', 'local | slurm (overrides the spec)')
      .option('--retry-failed', 'rerun trials that failed in an earlier run of this sweep')
      .option('--sweep <name>', 'name of the sweep folder (default: a hash of the trial ids)')
      .option('--no-stage-cache', 'train every stage in every trial instead of sharing identical stages through the cache')
      .option('--detach', 'slurm: return once the job array is submitted; `trellis run` or `trellis status` re-attach')
      .action(async (spec: string, opts: RunOptions) => ctx.setExitCode(await runRun(spec, opts, ctx.io)));
  },
};
