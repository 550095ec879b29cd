/** `trellis report <experiment | sweep | trial ...>`: Markdown and self-contained HTML from the stored runs. */
import type { Command } from 'commander';
import { relative } from 'node:path';
import { artifactsRoot } from '../../pipeline/artifact-paths.js';
import { makeReport } from '../../report/make-report.js';
import { EXIT_FAILURE, EXIT_OK, type CliIo } from '../cli-io.js';
import type { CliCommand } from './cli-command.js';

export interface ReportOptions {
  readonly baseline?: string;
  readonly out?: string;
  readonly mlflow?: boolean;
}

export async function runReport(targets: readonly string[], opts: ReportOptions, io: CliIo): Promise<number> {
  const show = (p: string) => relative(io.cwd, p) || '.';
  try {
    const made = await makeReport({
      targets,
      baseline: opts.baseline,
      out: opts.out,
      mlflow: opts.mlflow,
      cwd: io.cwd,
      artifacts: artifactsRoot(io.cwd),
      warn: (m) => io.err(`tracking: ${m}\n`),
    });
    const done = made.trials.filter((t) => t.results).length;
    io.out(
      `report of ${made.trials.length} trial(s) (${done} with results): ${show(made.written.markdown)}, ${show(made.written.html)}\n`,
    );
    let code = EXIT_OK;
    for (const { sweepDir, result } of made.mlflow) {
      if (result.logged) {
        const where = process.env.MLFLOW_TRACKING_URI
          ? ''
          : ' (MLFLOW_TRACKING_URI is not set: recorded locally; `trellis sync` uploads it)';
        io.out(`logged report.md and report.html to the sweep run ${result.trackingId}${where}\n`);
      } else {
        io.err(`trellis report: ${show(sweepDir)}: ${result.reason}\n`);
        code = EXIT_FAILURE;
      }
    }
    return code;
  } catch (err) {
    io.err(`trellis report: ${(err as Error).message}\n`);
    return EXIT_FAILURE;
  }
}

export const reportCommand: CliCommand = {
  name: 'report',
  register(program: Command, ctx) {
    program
      .command('report')
      .summary('write a Markdown and HTML report of stored runs')
      .description(
        'Reads the stored results of trials (results.json, status.json, figures) and writes report.md and a ' +
          'self-contained report.html: mAP tables (overall and by noise level), relative improvement over a ' +
          'baseline, parameter counts, training time per stage and back end, learning curves, denoising examples, ' +
          'and for a sweep its summary and each metric against each swept parameter. Rerunning gives the same Markdown.',
      )
      .argument(
        '<runs...>',
        'experiment name (all its sweeps), sweep folder (artifacts/<experiment>/<sweep>) or trial folder (…/trials/<id>); several make one comparison',
      )
      .option(
        '--baseline <run>',
        'trial id or trial folder (or an experiment or sweep with exactly one finished trial) to compare every run with',
      )
      .option('--out <dir>', 'output folder (default: artifacts/reports/<name>/)')
      .option(
        '--mlflow',
        "also log report.md and report.html to each sweep's parent run (MLFLOW_TRACKING_URI, else locally for `trellis sync`)",
      )
      .action(async (targets: string[], opts: ReportOptions) => {
        ctx.setExitCode(await runReport(targets, opts, ctx.io));
      });
  },
};
