/** `trellis data synth …` (generate a stand-in benchmark from photos) and `trellis data info <dir>`. */
import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { synthDataset, type SynthLayout } from '../../data/synth/synth-dataset.js';
import { listSequenceFolders } from '../../data/load-dataset.js';
import { readPngHeader } from '../../data/png-gray.js';
import { readDatasetSplits } from '../../data/splits.js';
import { EXIT_FAILURE, EXIT_OK } from '../cli-io.js';
import type { CliCommand, CommandContext } from './cli-command.js';

interface SynthFlags {
  sequences: string;
  patches: string;
  out: string;
  seed: string;
  photos: string;
  layout: string;
  patchSize: string;
  force?: boolean;
  cacheDir?: string;
  quiet?: boolean;
}

function integer(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${flag} must be an integer, got "${value}"`);
  return n;
}

async function runSynth(flags: SynthFlags, ctx: CommandContext): Promise<void> {
  const layouts = ['nhpatches', 'hpatches', 'both'];
  if (!layouts.includes(flags.layout))
    throw new Error(`--layout must be one of ${layouts.join(', ')}, got "${flags.layout}"`);
  const started = Date.now();
  const photos =
    flags.photos === 'builtin' || flags.photos === 'debian'
      ? flags.photos
      : resolve(ctx.io.cwd, flags.photos);
  const report = await synthDataset({
    out: resolve(ctx.io.cwd, flags.out),
    sequences: integer('--sequences', flags.sequences),
    patches: integer('--patches', flags.patches),
    seed: integer('--seed', flags.seed),
    photos,
    layout: flags.layout as SynthLayout,
    patchSize: integer('--patch-size', flags.patchSize),
    force: flags.force ?? false,
    ...(flags.cacheDir ? { cacheDir: resolve(ctx.io.cwd, flags.cacheDir) } : {}),
    onProgress: flags.quiet
      ? undefined
      : (e) =>
          ctx.io.err(
            `[${e.index + 1}/${e.total}] ${e.sequence}: ${e.count} patches (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
          ),
  });
  const total = report.sequences.reduce((a, s) => a + s.count, 0);
  const o = report.overlap;
  ctx.io.out(
    `wrote ${report.out}: ${report.sequences.length} sequences, ${total} patches × 16 images; ` +
      `median overlap easy ${o.easy} / hard ${o.hard} / tough ${o.tough}; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

async function stackCount(file: string): Promise<string> {
  const fh = await open(file, 'r').catch(() => undefined);
  if (!fh) return 'missing ref.png';
  try {
    const head = new Uint8Array(33);
    await fh.read(head, 0, 33, 0);
    const { width, height } = readPngHeader(head, file);
    return `${height / width} patches of ${width} px`;
  } finally {
    await fh.close();
  }
}

async function runInfo(dir: string, ctx: CommandContext): Promise<void> {
  const root = resolve(ctx.io.cwd, dir);
  const names = await listSequenceFolders(root);
  if (names.length === 0) throw new Error(`${root}: no sequence folders (folders holding ref.png)`);
  const noisy = await open(join(root, names[0], 'ref_noise.png')).then(
    (f) => (f.close(), true),
    () => false,
  );
  ctx.io.out(
    `${root}: ${names.length} sequences, layout ${noisy ? 'nhpatches (clean + _noise stacks)' : 'hpatches (clean stacks only)'}\n`,
  );
  for (const name of names) ctx.io.out(`  ${name}  ${await stackCount(join(root, name, 'ref.png'))}\n`);
  const splits = await readDatasetSplits(root);
  if (splits) {
    for (const [name, s] of Object.entries(splits))
      ctx.io.out(`split ${name}: ${s.train ? `${s.train.length} train / ` : ''}${s.test.length} test\n`);
  } else {
    ctx.io.out(
      'no splits.json: named splits come from the HPatches benchmark (a, b, c, illum, view, full)\n',
    );
  }
}

export const dataCommand: CliCommand = {
  name: 'data',
  register: (program: Command, ctx) => {
    const data = program
      .command('data')
      .summary('generate or inspect patch datasets')
      .description('Generate a stand-in benchmark from photographs, or inspect a dataset folder.');
    const act = (fn: () => Promise<void>) => async () => {
      try {
        await fn();
        ctx.setExitCode(EXIT_OK);
      } catch (err) {
        ctx.io.err(`trellis data: ${(err as Error).message}\n`);
        ctx.setExitCode(EXIT_FAILURE);
      }
    };
    data
      .command('synth')
      .summary('generate an N-HPatches-layout dataset from real photographs')
      .description(
        'Generate a deterministic stand-in for (Noisy) HPatches from photographs: DoG keypoints, viewpoint (v_) and\n' +
          'illumination (i_) sequences, e/h/t targets with calibrated jitter, and noisy copies. Same seed → same bytes.',
      )
      .requiredOption('--out <dir>', 'folder to create (written to a temp folder and renamed when complete)')
      .option('--sequences <n>', 'number of sequences', '12')
      .option('--patches <n>', 'patches per sequence (small or flat photos are upsampled to reach it)', '300')
      .option('--seed <n>', 'generation seed', '7')
      .option(
        '--photos <source>',
        '"builtin" (committed photos), "debian" (adds Debian wallpaper photos, cached) or a folder of PNG/JPEG photos',
        'builtin',
      )
      .option(
        '--layout <layout>',
        'nhpatches (32-px clean + _noise), hpatches (65-px clean), or both (in nhpatches/ and hpatches/)',
        'nhpatches',
      )
      .option('--patch-size <px>', 'patch side of the N-HPatches layout', '32')
      .option('--force', 'replace --out if it exists')
      .option(
        '--cache-dir <dir>',
        'cache for --photos debian (default $XDG_CACHE_HOME/trellis or ~/.cache/trellis)',
      )
      .option('-q, --quiet', 'no progress lines on stderr')
      .action(function (this: Command) {
        return act(() => runSynth(this.opts<SynthFlags>(), ctx))();
      });
    data
      .command('info')
      .summary('list the sequences, patch counts and splits of a dataset folder')
      .argument('<dir>', 'dataset folder (holding one folder per sequence)')
      .action((dir: string) => act(() => runInfo(dir, ctx))());
  },
};
