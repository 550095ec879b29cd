/** `trellis sync [dir] [--to URI]`: uploads locally recorded runs to MLflow; safe to run again. */
import { Command } from 'commander';
import { closeStaleRuns } from '../../tracking/close-stale-runs.js';
import { syncToMlflow } from '../../tracking/sync-to-mlflow.js';
import { redactUris } from '../../tracking/redact.js';

export const syncCommand = new Command('sync')
  .description(
    'Upload runs recorded under artifacts/ (offline, or while the server was down) to MLflow. Running it twice uploads nothing new.',
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
  .action(async (dir: string, opts: { to?: string; closeStale: boolean }) => {
    const warn = (m: string) => process.stderr.write(`trellis: warning: ${m}\n`);
    if (opts.closeStale) {
      for (const c of await closeStaleRuns({ dir }))
        process.stdout.write(`closed ${c.id} as FAILED: ${c.reason}\n`);
    }
    const results = await syncToMlflow({ dir, uri: opts.to, warn });
    let failed = 0;
    for (const r of results) {
      if (r.error) {
        failed++;
        process.stderr.write(`trellis: ${r.logDir}: ${r.error}\n`);
      } else {
        process.stdout.write(
          `${r.logDir}: run ${r.runId}${r.created ? ' (created)' : ''}, ${r.uploadedEvents} events uploaded\n`,
        );
      }
    }
    const target = redactUris(opts.to ?? process.env.MLFLOW_TRACKING_URI ?? '');
    process.stdout.write(`synced ${results.length - failed} of ${results.length} runs to ${target}\n`);
    if (failed > 0) process.exitCode = 1;
  });
