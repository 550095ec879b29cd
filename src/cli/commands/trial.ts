import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { runTrial } from '../../pipeline/run-trial.js';
import type { TrialFile } from '../../pipeline/trial-file.js';
import { EXIT_FAILURE, EXIT_OK } from '../cli-io.js';
import type { CliCommand } from './cli-command.js';

/** Exit code of a trial that stopped on request and can resume (128 + SIGTERM, as a shell reports it). */
export const EXIT_TRIAL_STOPPED = 143;

/**
 * `trellis trial <plan.json>`: runs one trial in this process (what runners launch). SIGTERM, SIGINT
 * and Slurm's pre-timeout SIGUSR1 stop it at the next step with its last epoch checkpoint kept.
 */
export const trialCommand: CliCommand = {
  name: 'trial',
  register: (program: Command, ctx) => {
    program
      .command('trial')
      .summary('run one trial from its plan.json (launched by the runners)')
      .description('Runs one planned trial to completion in this process, resuming its stages from their checkpoints. Runners launch it; you rarely need to.')
      .argument('<plan>', 'the trial plan written by `trellis run` (<sweep>/trials/<id>/plan.json)')
      .option('--backend <name>', 'compute back end: auto | tfjs-node-gpu | tfjs-node | wasm | cpu (overrides TRELLIS_BACKEND and the spec)')
      .action(async (planPath: string, opts: { backend?: string }) => {
        const trial = JSON.parse(await readFile(planPath, 'utf8')) as TrialFile;
        const stop = new AbortController();
        const onSignal = (sig: NodeJS.Signals) => stop.abort(new Error(`received ${sig}`));
        const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGUSR1'];
        for (const s of signals) process.on(s, onSignal);
        try {
          const status = await runTrial({
            trial,
            signal: stop.signal,
            backendFlag: opts.backend,
            log: (line) => ctx.io.out(`${new Date().toISOString()} ${line}\n`),
            progress: (line) => ctx.io.out(`${line}\n`),
          });
          if (status.state === 'failed') ctx.io.err(`trial ${trial.trialId} failed: ${status.reason}\n`);
          ctx.setExitCode(status.state === 'completed' ? EXIT_OK : status.state === 'killed' ? EXIT_TRIAL_STOPPED : EXIT_FAILURE);
        } finally {
          for (const s of signals) process.off(s, onSignal);
        }
      });
  },
};
