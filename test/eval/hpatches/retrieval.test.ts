import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LEVELS } from '../../../src/data/dataset.js';
import { describeDataset, type DescriptorSet } from '../../../src/eval/hpatches/descriptor-set.js';
import { exactDistance } from '../../../src/eval/hpatches/distances.js';
import { generateRetrievalTasks } from '../../../src/eval/hpatches/generate-tasks.js';
import { imageType } from '../../../src/eval/hpatches/image-ids.js';
import { computeAp } from '../../../src/eval/hpatches/metrics.js';
import { evaluateRetrieval, usablePoolSizes } from '../../../src/eval/hpatches/retrieval.js';
import type { RetrievalTasks } from '../../../src/eval/hpatches/task-files.js';
import { makeDataset, names } from './small-dataset.js';

/** The benchmark's loop written out: build each candidate list, slice, sort, AP (slow, for comparison only). */
function bruteForce(set: DescriptorSet, tasks: RetrievalTasks, poolSizes: number[]) {
  const d = set.dim;
  const ref = (names: readonly string[], s: number, idx: number) => ({
    data: set.sequences.get(names[s])!.images.ref,
    idx,
  });
  return LEVELS.map((level) =>
    poolSizes.map((k) => {
      let sum = 0;
      for (let q = 0; q < tasks.queries.s.length; q++) {
        const qs = tasks.queries.names[tasks.queries.s[q]];
        const query = ref(tasks.queries.names, tasks.queries.s[q], tasks.queries.idx[q]);
        const seq = set.sequences.get(qs)!;
        const dists: number[] = [1, 2, 3, 4, 5].map((i) =>
          exactDistance(query.data, query.idx, seq.images[imageType(i, level)], query.idx, d),
        );
        for (let j = 0; j < tasks.distractors.s.length; j++) {
          if (tasks.distractors.names[tasks.distractors.s[j]] === qs) continue;
          const x = ref(tasks.distractors.names, tasks.distractors.s[j], tasks.distractors.idx[j]);
          dists.push(exactDistance(query.data, query.idx, x.data, x.idx, d));
        }
        const head = dists.slice(0, k);
        sum += computeAp(
          head.map((v) => -v),
          head.map((_, i) => (i < 5 ? 1 : 0)),
        );
      }
      return sum / tasks.queries.s.length;
    }),
  );
}

describe('evaluateRetrieval', () => {
  it('matches the benchmark loop, including ties between positives and distractors and truncated pools', async () => {
    // Coarse descriptors (a patch's mean over 4 quadrants, quantised to 16 levels) make many exact ties.
    const dataset = makeDataset({ sequences: names(5, 30), noise: 60, seed: 3 });
    const describe = async (p: Float32Array, n: number) => {
      const out = new Float32Array(n * 4);
      for (let i = 0; i < n; i++)
        for (let k = 0; k < 64; k++) out[i * 4 + ((k >> 5) << 1) + ((k & 7) >> 2)] += p[i * 64 + k];
      return out.map((v) => Math.round(v / 256));
    };
    const set = await describeDataset({ dataset, describe });
    const tasks = generateRetrievalTasks({ dataset, queries: 25, distractors: 90, seed: 1 });
    const poolSizes = [10, 40, 95];
    const r = evaluateRetrieval({ descriptors: set, tasks, levels: LEVELS, poolSizes });
    const expected = bruteForce(set, tasks, poolSizes);
    LEVELS.forEach((level, l) =>
      r.table[level]!.forEach((v, i) =>
        assert.ok(
          Math.abs(v - expected[l][i]) < 1e-12,
          `${level} k=${poolSizes[i]}: ${v} vs ${expected[l][i]}`,
        ),
      ),
    );
  });

  it('keeps only pool sizes the distractors can fill, or the smallest one', () => {
    assert.deepEqual(
      usablePoolSizes([100, 500, 1000, 5000, 10000, 15000, 20000], 20000),
      [100, 500, 1000, 5000, 10000, 15000, 20000],
    );
    assert.deepEqual(usablePoolSizes([100, 500, 1000, 5000], 1209), [100, 500, 1000]);
    assert.deepEqual(usablePoolSizes([100, 500], 50), [100]);
    assert.throws(() => usablePoolSizes([5, 100], 50), /pool size 5 must exceed the 5 positives/);
  });
});
