import type { Command } from 'commander';
import { artifactsRoot, stageCacheRoot } from '../../pipeline/artifact-paths.js';
import { listStageCache, pruneStageCache } from '../../pipeline/stage-cache.js';
import { EXIT_FAILURE, EXIT_OK } from '../cli-io.js';
import type { CliCommand } from './cli-command.js';

function size(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(0)} kB`;
}

/** `trellis cache ls|prune`: the stage cache (trained stages shared between trials). */
export const cacheCommand: CliCommand = {
  name: 'cache',
  register: (program: Command, ctx) => {
    const cache = program.command('cache').summary('list or prune the stage cache (trained stages shared by trials)');
    cache
      .command('ls')
      .description('List cached stages: key, stage, experiment, state, size, training time, date.')
      .action(async () => {
        const root = stageCacheRoot(artifactsRoot(ctx.io.cwd));
        const entries = await listStageCache(root);
        if (entries.length === 0) ctx.io.out(`stage cache ${root} is empty\n`);
        for (const e of entries) {
          const meta = e.meta;
          ctx.io.out(
            `${e.key}  ${(meta?.stage ?? '?').padEnd(12)} ${(meta?.experiment ?? '').padEnd(28)} ${e.state.padEnd(8)} ${size(e.bytes).padStart(8)}  ` +
              `${meta ? `${meta.seconds.toFixed(0)} s` : ''}  ${e.modified.toISOString()}\n`,
          );
        }
        ctx.setExitCode(EXIT_OK);
      });
    cache
      .command('prune')
      .description('Remove cached stages (all, or those unused for --older-than days) and abandoned partial ones.')
      .option('--older-than <days>', 'only entries not modified for this many days', (v) => Number.parseFloat(v))
      .action(async (opts: { olderThan?: number }) => {
        if (opts.olderThan !== undefined && !(opts.olderThan >= 0)) {
          ctx.io.err('--older-than: give a number of days ≥ 0\n');
          return ctx.setExitCode(EXIT_FAILURE);
        }
        const root = stageCacheRoot(artifactsRoot(ctx.io.cwd));
        const olderThan = opts.olderThan === undefined ? undefined : new Date(Date.now() - opts.olderThan * 86400e3);
        const removed = await pruneStageCache(root, { olderThan });
        ctx.io.out(`removed ${removed.length} cached stage(s)${removed.length ? `: ${removed.join(', ')}` : ''}\n`);
        ctx.setExitCode(EXIT_OK);
      });
  },
};
