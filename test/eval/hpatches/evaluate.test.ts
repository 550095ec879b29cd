import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateDescriptorFiles, evaluateHPatches } from '../../../src/eval/hpatches/evaluate.js';
import { describeDataset } from '../../../src/eval/hpatches/descriptor-set.js';
import { exportDescriptors } from '../../../src/eval/hpatches/descriptor-files.js';
import { resolveTasks } from '../../../src/eval/hpatches/resolve-tasks.js';
import { evaluateDescriptors } from '../../../src/eval/hpatches/evaluate.js';
import {
  makeDataset,
  names,
  pixelDescriptor,
  quarterPixelDescriptor,
  randomDescriptor,
} from './small-dataset.js';

const near = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected} ± ${tol}, got ${actual}`);

describe('evaluateHPatches', () => {
  it('scores matching mAP 1.0 when the descriptor is the clean pixels and every image equals ref', async () => {
    const dataset = makeDataset({ sequences: names(4, 50), noise: 0 });
    const r = await evaluateHPatches({
      dataset,
      describe: pixelDescriptor,
      tasks: ['matching'],
      patches: 'clean',
      batchSize: 64,
    });
    assert.equal(r.matching!.map, 1);
    for (const level of ['easy', 'hard', 'tough'] as const) assert.equal(r.matching!.table[level], 1);
  });

  it('ranks easy above tough when target images get noisier with the level', async () => {
    const dataset = makeDataset({ sequences: names(4, 60), noise: 40 });
    const r = await evaluateHPatches({
      dataset,
      describe: pixelDescriptor,
      tasks: ['matching', 'verification'],
      patches: 'clean',
      generate: { verificationPairs: 500 },
    });
    assert.ok(r.matching!.table.easy! > r.matching!.table.tough!, JSON.stringify(r.matching!.table));
    assert.ok(r.verification!.table.easy!.inter.auc > r.verification!.table.tough!.inter.auc);
  });

  it('scores a random descriptor at chance on every task', async () => {
    // Chance levels (derived in Python/numpy with the benchmark's AP rules; see the test for metrics):
    // - balanced AUC: 0.5; imbalanced AP over P = 0.2·3000 positives among N = 3000 + P: the expectation over
    //   uniformly random positive ranks, Σ_i Σ_r P(r_i = r)·(1/P)·(i/r + prec(r−1))/2 ≈ 0.1679 (Monte Carlo std 0.008
    //   at 400/2400; tolerance ≈ 4σ).
    // - retrieval: every candidate is an independent random vector, so the 5 positives take uniformly random ranks:
    //   E[AP] = 0.30127 for k = 20 and 0.07009 for k = 100 (per-query std 0.134 / 0.057; 200 queries, but all
    //   queries share the first k−5 distractors, so the mean spreads more than std/√200: tolerance ±0.04 / ±0.016).
    // - matching: the NN is right with probability 1/N; Monte Carlo of the benchmark code with N = 60, D = 16:
    //   E[AP] = 0.00106, per-AP std 0.0027, 150 APs.
    const dataset = makeDataset({ sequences: names(10, 60), noise: 10 });
    const r = await evaluateHPatches({
      dataset,
      describe: randomDescriptor(16, 3),
      generate: { verificationPairs: 3000, queries: 200, distractors: 400, seed: 9 },
      poolSizes: [20, 100],
    });
    for (const level of ['easy', 'hard', 'tough'] as const) {
      for (const neg of ['inter', 'intra'] as const) {
        near(r.verification!.table[level]![neg].auc, 0.5, 0.04, `${level}/${neg} auc`);
        near(r.verification!.table[level]![neg].ap, 0.1679, 0.035, `${level}/${neg} ap`);
      }
    }
    assert.equal(r.retrieval!.queries, 200);
    near(r.retrieval!.meanRow[0], 0.30127, 0.04, 'retrieval k=20');
    near(r.retrieval!.meanRow[1], 0.07009, 0.016, 'retrieval k=100');
    near(r.matching!.map, 0.00106, 0.001, 'matching');
  });

  it('gives identical results whatever the order of the sequences', async () => {
    const dataset = makeDataset({ sequences: names(6, 40), noise: 30 });
    const reversed = { ...dataset, sequences: [...dataset.sequences].reverse() };
    const run = (d: typeof dataset) =>
      evaluateHPatches({
        dataset: d,
        describe: quarterPixelDescriptor,
        generate: { verificationPairs: 400, queries: 30, distractors: 120 },
        poolSizes: [20, 50],
      });
    const a = await run(dataset);
    const b = await run(reversed);
    assert.deepEqual({ ...a, timings: {} }, { ...b, timings: {} });
  });

  it('gives the same numbers from exported descriptor files as in memory', async () => {
    const dataset = makeDataset({ sequences: names(5, 40), noise: 25 });
    const dir = await mkdtemp(join(tmpdir(), 'trellis-eval-'));
    try {
      const options = {
        dataset,
        describe: quarterPixelDescriptor,
        generate: { verificationPairs: 400, queries: 30, distractors: 100 },
        poolSizes: [20, 60],
        writeTasksTo: dir,
      };
      const memory = await evaluateHPatches({ ...options, exportTo: { dir, name: 'quarter' } });
      const files = await evaluateDescriptorFiles({
        dir: join(dir, 'quarter'),
        taskDir: dir,
        split: 'a',
        poolSizes: [20, 60],
      });
      assert.equal(files.taskSources.verification, dir);
      assert.deepEqual(
        { ...files, taskSources: {}, timings: {} },
        { ...memory, taskSources: {}, timings: {} },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('agrees within 1e-3 between files and memory for arbitrary float descriptors rounded to 5 decimals', async () => {
    // Rounding to 5 decimals moves each value by ≤ 5e-6, which can swap only near-tied distances.
    const dataset = makeDataset({ sequences: names(4, 40), noise: 25 });
    const dir = await mkdtemp(join(tmpdir(), 'trellis-eval-'));
    try {
      const descriptors = await describeDataset({ dataset, describe: randomDescriptor(8, 4) });
      const taskSet = await resolveTasks({
        tasks: ['verification', 'retrieval'],
        split: 'x',
        sequences: dataset.sequences,
        dataset,
        generate: { verificationPairs: 300, queries: 20, distractors: 80 },
      });
      const memory = await evaluateDescriptors({ descriptors, taskSet, poolSizes: [20, 50] });
      await exportDescriptors({ descriptors, dir, name: 'rand' });
      const files = await evaluateDescriptorFiles({ dir: join(dir, 'rand'), taskSet, poolSizes: [20, 50] });
      near(files.verification!.map, memory.verification!.map, 1e-3, 'verification');
      near(files.matching!.map, memory.matching!.map, 1e-3, 'matching');
      near(files.retrieval!.map, memory.retrieval!.map, 1e-3, 'retrieval');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('evaluateMatchingParallel', () => {
  it('gives exactly the single-threaded results with 2 worker threads', async () => {
    const { evaluateMatchingParallel } = await import('../../../src/eval/hpatches/matching-parallel.js');
    const dataset = makeDataset({ sequences: names(5, 30), noise: 120 });
    const descriptors = await describeDataset({ dataset, describe: randomDescriptor(4, 1) });
    const one = await evaluateMatchingParallel({ descriptors, levels: ['easy', 'tough'], threads: 1 });
    const two = await evaluateMatchingParallel({ descriptors, levels: ['easy', 'tough'], threads: 2 });
    assert.deepEqual(two, one);
    assert.ok(one.map < 1, `map ${one.map}`);
  });
});
