/** `trellis sync [dir] [--to URI]`: uploads locally recorded runs to MLflow; running it again uploads nothing new. */
import type { Command } from 'commander';
import { isAbsolute, resolve } from 'node:path';
import { closeStaleRuns } from '../../tracking/close-stale-runs.js';
import { redactUris } from '../../tracking/redact.js';
import { syncToMlflow } from '../../tracking/sync-to-mlflow.js';
import { EXIT_FAILURE, EXIT_OK } from '../cli-io.js';
import type { CliIo } from '../cli-io.js';
import type { CliCommand } from './cli-command.js';

export interface SyncCliOptions {
  readonly to?: string;
  /** Mark logs of dead processes (no end recorded) as FAILED first. */
  readonly closeStale: boolean;
}

export async function runSync(dir: string, opts: SyncCliOptions, io: CliIo): Promise<number> {
  const root = isAbsolute(dir) ? dir : resolve(io.cwd, dir);
  const uri = opts.to ?? process.env.MLFLOW_TRACKING_URI;
  if (!uri) {
    io.err('trellis sync: no MLflow server: pass --to <uri> or set MLFLOW_TRACKING_URI\n');
    return EXIT_FAILURE;
  }
  try {
    if (opts.closeStale) {
      for (const c of await closeStaleRuns({ dir: root })) io.out(`closed ${c.id} as FAILED: ${c.reason}\n`);
    }
    const results = await syncToMlflow({
      dir: root,
      uri,
      warn: (m) => io.err(`trellis sync: warning: ${m}\n`),
    });
    let failed = 0;
    for (const r of results) {
      if (r.error) {
        failed++;
        io.err(`trellis sync: ${r.logDir}: ${r.error}\n`);
      } else {
        io.out(
          `${r.logDir}: run ${r.runId}${r.created ? ' (created)' : ''}, ${r.uploadedEvents} events uploaded\n`,
        );
      }
    }
    io.out(`synced ${results.length - failed} of ${results.length} runs to ${redactUris(uri)}\n`);
    return failed > 0 ? EXIT_FAILURE : EXIT_OK;
  } catch (err) {
    io.err(`trellis sync: ${redactUris((err as Error).message)}\n`);
    return EXIT_FAILURE;
  }
}

export const syncCommand: CliCommand = {
  name: 'sync',
  register(program: Command, ctx) {
    program
      .command('sync')
      .description(
        'Upload runs recorded locally (offline, or while the server was down) to MLflow. Safe to run again: nothing is uploaded twice.',
      )
      .argument('[dir]', 'folder searched for <run>/tracking/events.jsonl', 'artifacts')
      .option(
        '--to <uri>',
        'MLflow tracking server (default: MLFLOW_TRACKING_URI); credentials only from MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN',
      )
      .option(
        '--no-close-stale',
        'do not mark runs of dead processes (no end recorded) as FAILED before uploading',
      )
      .action(async (dir: string, opts: SyncCliOptions) => {
        ctx.setExitCode(await runSync(dir, opts, ctx.io));
      });
  },
};
