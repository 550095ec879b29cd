/**
 * Data throughput: generation time of `data synth`, patches loaded per second (N-HPatches and
 * HPatches-release layouts), and batches sampled per second (denoising pairs, triplets), against what
 * training consumes (~100–300 patches/s on this machine's CPU back ends).
 *   npx tsx bench/data.ts [--sequences 12] [--patches 300] [--root <existing synth dataset with nhpatches/ and hpatches/>]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../src/data/load-dataset.js';
import { createPairSource } from '../src/data/pair-source.js';
import { createTripletSource } from '../src/data/triplet-source.js';
import { synthDataset } from '../src/data/synth/synth-dataset.js';
import { IMAGE_TYPES } from '../src/data/dataset.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sequences = Number(arg('sequences', '12'));
const patches = Number(arg('patches', '300'));
const given = arg('root', '');
const TRAINING_RATE = 300;

const rows: string[][] = [];
// The machine is shared: CPU seconds of this process are reported next to wall seconds.
let cpuMark = process.cpuUsage();
const cpuSince = (): number => {
  const u = process.cpuUsage(cpuMark);
  cpuMark = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const row = (what: string, amount: string, seconds: number, rate: string, vs: string): void => {
  rows.push([what, amount, seconds.toFixed(2), cpuSince().toFixed(2), rate, vs]);
};

const tmp = given ? '' : await mkdtemp(join(tmpdir(), 'trellis-bench-data-'));
const root = given || join(tmp, 'ds');
try {
  if (!given) {
    const t = performance.now();
    cpuSince();
    const r = await synthDataset({ out: root, sequences, patches, seed: 7, layout: 'both' });
    const s = (performance.now() - t) / 1000;
    const n = r.sequences.reduce((a, q) => a + q.count, 0);
    row(
      `data synth --layout both (${sequences} × ${patches})`,
      `${n * 16} patches`,
      s,
      `${((n * 16) / s).toFixed(0)} patches/s`,
      '',
    );
  }
  for (const layout of ['nhpatches', 'hpatches'] as const) {
    const t = performance.now();
    cpuSince();
    const d = await loadDataset({ root: join(root, layout), layout, patchSize: 32 });
    const s = (performance.now() - t) / 1000;
    // Clean and noisy images per patch position: 32 stacks' worth of patches end up in memory.
    const n = d.sequences.reduce((a, q) => a + q.count, 0) * IMAGE_TYPES.length * 2;
    row(
      `load ${layout}${layout === 'hpatches' ? ' (65→32 + noise model)' : ''}`,
      `${n} patches`,
      s,
      `${(n / s).toFixed(0)} patches/s`,
      `${(n / s / TRAINING_RATE).toFixed(0)}×`,
    );
    if (layout === 'nhpatches') {
      const pairs = createPairSource({ dataset: d, batchSize: 50, seed: 1 });
      let t0 = performance.now();
      cpuSince();
      let b = 0;
      for (const _ of pairs.epoch(0)) b++;
      let s1 = (performance.now() - t0) / 1000;
      row(
        'pairs, batch 50, one epoch',
        `${b} batches`,
        s1,
        `${(b / s1).toFixed(0)} batches/s`,
        `${((b * 50) / s1 / TRAINING_RATE).toFixed(0)}×`,
      );
      const triplets = createTripletSource({ dataset: d, samples: 100000, batchSize: 50, seed: 1 });
      t0 = performance.now();
      cpuSince();
      b = 0;
      for (const _ of triplets.epoch(0)) b++;
      s1 = (performance.now() - t0) / 1000;
      row(
        'triplets, batch 50, 100,000 per epoch',
        `${b} batches`,
        s1,
        `${(b / s1).toFixed(0)} batches/s`,
        `${((b * 50 * 3) / s1 / TRAINING_RATE).toFixed(0)}×`,
      );
    }
  }
  const head = ['step', 'amount', 'wall s', 'CPU s', 'rate (wall)', 'vs 300 patches/s training'];
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
} finally {
  if (tmp) await rm(tmp, { recursive: true, force: true });
}
