/**
 * Times the HPatches evaluation at split-'a' size (40 test sequences with their patch counts, 16 images,
 * 1,000,000-pair verification files, the shipped 10,000 × 20,000 retrieval files) with a cheap descriptor
 * (8×8 average pooling + a fixed random projection to D dims), so the numbers measure the evaluator.
 *
 *   npx tsx bench/eval.ts                    # full size
 *   npx tsx bench/eval.ts --scale 0.25       # patches per sequence ×0.25, task sizes ×0.25 (generated retrieval)
 *   options: --dim 128  --pairs N  --threads 1 (matching workers)  --export  --tasks verification,matching,retrieval
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IMAGE_TYPES,
  type ImageType,
  type PatchDataset,
  type PatchImage,
  type Sequence,
} from '../src/data/dataset.js';
import { describeDataset, type DescribeFn } from '../src/eval/hpatches/descriptor-set.js';
import { exportDescriptors } from '../src/eval/hpatches/descriptor-files.js';
import { evaluateDescriptors } from '../src/eval/hpatches/evaluate.js';
import { resolveTasks, type Task } from '../src/eval/hpatches/resolve-tasks.js';
import { readVerificationTasks, writeTaskFiles } from '../src/eval/hpatches/task-files.js';
import { renderResultsMarkdown } from '../src/eval/hpatches/report.js';
import { createRng } from '../src/random/seeded-rng.js';

// Split 'a' test sequences and their patch counts (max index in the shipped retrieval files + 1;
// ../shared/notes/noisy-hpatches-study.md §3): 59,494 of the true 59,532 patches.
const SPLIT_A: Record<string, number> = {
  i_ajuntament: 853,
  i_autannes: 1091,
  i_bologna: 345,
  i_books: 474,
  i_bridger: 1982,
  i_brooklyn: 1998,
  i_fog: 726,
  i_fruits: 633,
  i_kurhaus: 1987,
  i_lionnight: 471,
  i_nijmegen: 1999,
  i_porta: 409,
  i_resort: 1682,
  i_salon: 1101,
  i_santuario: 1708,
  i_table: 2000,
  i_tools: 1002,
  i_troulos: 298,
  i_whitebuilding: 1949,
  i_zion: 1998,
  v_abstract: 1891,
  v_azzola: 2000,
  v_bees: 1991,
  v_birdwoman: 2000,
  v_busstop: 2000,
  v_coffeehouse: 1993,
  v_courses: 1506,
  v_eastsouth: 1643,
  v_feast: 1998,
  v_fest: 1810,
  v_man: 1656,
  v_pomegranate: 1994,
  v_soldiers: 1529,
  v_strand: 1816,
  v_tabletop: 2000,
  v_talent: 1991,
  v_underground: 1592,
  v_woman: 1048,
  v_yard: 1617,
  v_yuri: 713,
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const scale = Number(arg('scale') ?? 1);
const dim = Number(arg('dim') ?? 128);
const pairs = Number(arg('pairs') ?? Math.round(1_000_000 * scale));
const threads = Number(arg('threads') ?? 1);
const tasks = (arg('tasks') ?? 'verification,matching,retrieval').split(',') as Task[];
const S = 32;

/** Image k of a sequence is a view into one random pool shifted by k patches: distinct patches, little memory. */
function benchDataset(): PatchDataset {
  const rng = createRng(1);
  const sequences: Sequence[] = Object.entries(SPLIT_A).map(([name, full]) => {
    const count = Math.max(2, Math.round(full * scale));
    const pool = new Uint8Array((count + IMAGE_TYPES.length) * S * S);
    for (let i = 0; i < pool.length; i++) pool[i] = rng.int(256);
    const images = {} as Record<ImageType, PatchImage>;
    IMAGE_TYPES.forEach((type, k) => {
      const stack = { count, data: pool.subarray(k * S * S, (k + count) * S * S) };
      images[type] = { clean: stack, noisy: stack };
    });
    return { name, count, images };
  });
  return { root: 'bench:split-a', patchSize: S, sequences };
}

/** 8×8 average pooling of the 32×32 patch, then a fixed Gaussian projection 64 → dim. */
function randomProjection(): DescribeFn {
  const rng = createRng(2);
  const w = Float32Array.from({ length: 64 * dim }, () => rng.normal());
  return async (patches, n) => {
    const out = new Float32Array(n * dim);
    const pooled = new Float32Array(64);
    for (let i = 0; i < n; i++) {
      pooled.fill(0);
      const base = i * S * S;
      for (let y = 0; y < S; y++)
        for (let x = 0; x < S; x++) pooled[(y >> 2) * 8 + (x >> 2)] += patches[base + y * S + x];
      for (let k = 0; k < 64; k++) {
        const p = pooled[k] / 16;
        for (let j = 0; j < dim; j++) out[i * dim + j] += p * w[k * dim + j];
      }
    }
    return out;
  };
}

// Wall and CPU seconds per phase: the evaluator is single-threaded, so on a shared machine CPU time is
// the uncontended wall time.
const timings: [string, number, number][] = [];
async function timed<T>(label: string, f: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await f();
  const c = process.cpuUsage(c0);
  timings.push([label, (performance.now() - t0) / 1000, (c.user + c.system) / 1e6]);
  return r;
}

const dataset = benchDataset();
const patches = dataset.sequences.reduce((s, q) => s + q.count, 0);
console.log(
  `bench/eval: scale ${scale}, ${dataset.sequences.length} sequences, ${patches} patches × 16 images, D = ${dim}, ${pairs} verification pairs`,
);
const descriptors = await timed('describe (random projection, not the evaluator)', () =>
  describeDataset({ dataset, describe: randomProjection(), batchSize: 1024 }),
);
const fullRetrieval = scale === 1;
const taskSet = await timed(
  'task files: generate verification' +
    (fullRetrieval ? ' + read shipped retrieval' : ' + generate retrieval'),
  () =>
    resolveTasks({
      tasks,
      split: fullRetrieval ? 'a' : 'bench',
      sequences: dataset.sequences,
      dataset,
      generate: {
        verificationPairs: pairs,
        queries: Math.round(10_000 * scale),
        distractors: Math.round(20_000 * scale),
        seed: 42,
      },
    }),
);
const dir = await mkdtemp(join(tmpdir(), 'trellis-bench-eval-'));
try {
  if (taskSet.verification) {
    await timed('task files: write 3 verification CSVs', () =>
      writeTaskFiles(dir, 'bench', { verification: taskSet.verification }),
    );
    await timed('task files: read 3 verification CSVs', () => readVerificationTasks(dir, 'bench'));
  }
  if (process.argv.includes('--export')) {
    await timed('export descriptors (%10.5f CSV)', () =>
      exportDescriptors({ descriptors, dir, name: 'bench' }),
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
const parts = [];
for (const task of tasks)
  parts.push(await timed(task, () => evaluateDescriptors({ descriptors, tasks: [task], taskSet, threads })));
const results = {
  ...parts[0],
  verification: parts.find((p) => p.verification)?.verification,
  matching: parts.find((p) => p.matching)?.matching,
  retrieval: parts.find((p) => p.retrieval)?.retrieval,
};
console.log('\n| phase | wall s | CPU s |\n|---|---:|---:|');
for (const [label, wall, cpu] of timings)
  console.log(`| ${label} | ${wall.toFixed(1)} | ${cpu.toFixed(1)} |`);
const evalRows = timings.filter(([label]) => (tasks as string[]).includes(label));
const sum = (i: 1 | 2) => evalRows.reduce((a, r) => a + r[i], 0).toFixed(1);
console.log(`| **evaluation (${tasks.join(' + ')})** | **${sum(1)}** | **${sum(2)}** |`);
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
console.log(renderResultsMarkdown(results));
