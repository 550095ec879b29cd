/** `trellis status [sweep]`: the state of every trial of a sweep, from its event log and the trials' status files. */
import type { Command } from 'commander';
import { artifactsRoot } from '../../pipeline/artifact-paths.js';
import { findSweepDir } from '../../sweep/find-sweep.js';
import { overlayTrialStatus } from '../../sweep/state-live.js';
import { formatStatusTable } from '../../sweep/state-table.js';
import { loadSweepState } from '../../sweep/sweep-state.js';
import { EXIT_FAILURE, EXIT_OK } from '../cli-io.js';
import type { CliIo } from '../cli-io.js';
import type { CliCommand } from './cli-command.js';

export async function runStatus(
  which: string | undefined,
  opts: { json?: boolean },
  io: CliIo,
): Promise<number> {
  let sweepDir: string;
  try {
    sweepDir = await findSweepDir({ cwd: io.cwd, artifacts: artifactsRoot(io.cwd), which });
  } catch (err) {
    io.err(`trellis status: ${(err as Error).message}\n`);
    return EXIT_FAILURE;
  }
  const state = await overlayTrialStatus(await loadSweepState(sweepDir));
  if (opts.json) {
    io.out(
      `${JSON.stringify({ sweepDir, runner: state.runner ?? null, trials: [...state.trials.values()] }, null, 2)}\n`,
    );
  } else {
    io.out(
      `sweep ${sweepDir}${state.runner ? ` (${state.runner} runner)` : ''}\n${formatStatusTable(state)}`,
    );
  }
  return EXIT_OK;
}

export const statusCommand: CliCommand = {
  name: 'status',
  register(program: Command, ctx) {
    program
      .command('status')
      .description(
        'Show the state of every trial of a sweep: pending, submitted, running, completed, failed or killed, with attempts, metrics and reasons.',
      )
      .argument(
        '[sweep]',
        'sweep folder (artifacts/<experiment>/<sweep>), or <experiment>[/<sweep>] under artifacts/ (TRELLIS_ARTIFACTS); default: the latest sweep',
      )
      .option('--json', 'print the trials as JSON')
      .action(async (which: string | undefined, opts: { json?: boolean }) => {
        ctx.setExitCode(await runStatus(which, opts, ctx.io));
      });
  },
};
