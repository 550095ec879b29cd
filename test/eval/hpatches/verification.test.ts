import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LEVELS } from '../../../src/data/dataset.js';
import { describeDataset, type DescriptorSet } from '../../../src/eval/hpatches/descriptor-set.js';
import { generateVerificationTasks } from '../../../src/eval/hpatches/generate-tasks.js';
import { computeAp, computeRocAuc } from '../../../src/eval/hpatches/metrics.js';
import type { VerificationPairs } from '../../../src/eval/hpatches/task-files.js';
import { evaluateVerification } from '../../../src/eval/hpatches/verification.js';
import { makeDataset, names } from './small-dataset.js';

/** The benchmark's lookup written out: id 0 → ref, k → e k / h k / t k; Euclidean distance. */
function distances(set: DescriptorSet, p: VerificationPairs, prefix: string): number[] {
  const type = (id: number) => (id === 0 ? 'ref' : `${prefix}${id}`) as 'ref';
  return Array.from(p.s1, (_, r) => {
    const a = set.sequences
      .get(p.names[p.s1[r]])!
      .images[type(p.t1[r])].subarray(p.idx1[r] * set.dim, (p.idx1[r] + 1) * set.dim);
    const b = set.sequences
      .get(p.names[p.s2[r]])!
      .images[type(p.t2[r])].subarray(p.idx2[r] * set.dim, (p.idx2[r] + 1) * set.dim);
    return Math.sqrt(a.reduce((s, v, k) => s + (v - b[k]) ** 2, 0));
  });
}

describe('evaluateVerification', () => {
  it('scores [negatives; positives] by AUC and the first nPos + ⌊0.2·nPos⌋ rows by AP, per level', async () => {
    const dataset = makeDataset({ sequences: names(3, 20), noise: 50, seed: 4 });
    const describe = async (p: Float32Array, n: number) =>
      Float32Array.from({ length: n * 2 }, (_, i) => p[(i >> 1) * 64 + (i & 1)]);
    const set = await describeDataset({ dataset, describe });
    const tasks = generateVerificationTasks({ sequences: dataset.sequences, pairs: 40, seed: 2 });
    const r = evaluateVerification({ descriptors: set, tasks, levels: LEVELS });
    assert.equal(r.pairs, 40);
    for (const [level, prefix] of [
      ['easy', 'e'],
      ['hard', 'h'],
      ['tough', 't'],
    ] as const) {
      const pos = distances(set, tasks.pos, prefix);
      for (const neg of ['intra', 'inter'] as const) {
        const negatives = distances(set, tasks[`neg_${neg}`], prefix);
        const scores = [...negatives, ...pos].map((d) => -d);
        const labels = [...negatives.map(() => 0), ...pos.map(() => 1)];
        assert.equal(r.table[level]![neg].auc, computeRocAuc(scores, labels));
        // 40 negatives + the first 8 positives.
        assert.equal(r.table[level]![neg].ap, computeAp(scores.slice(0, 48), labels.slice(0, 48)));
      }
    }
    const aps = LEVELS.flatMap((l) => [r.table[l]!.inter.ap, r.table[l]!.intra.ap]);
    assert.ok(Math.abs(r.map - aps.reduce((s, v) => s + v, 0) / 6) < 1e-15);
  });

  it('names the task file row whose index the dataset does not have', async () => {
    const dataset = makeDataset({ sequences: names(1, 3) });
    const set = await describeDataset({ dataset, describe: async (p) => Float32Array.from(p) });
    const bad = {
      names: ['i_seq00'],
      s1: Uint32Array.of(0),
      t1: Uint8Array.of(0),
      idx1: Int32Array.of(5),
      s2: Uint32Array.of(0),
      t2: Uint8Array.of(1),
      idx2: Int32Array.of(0),
    };
    assert.throws(
      () =>
        evaluateVerification({
          descriptors: set,
          tasks: { pos: bad, neg_intra: bad, neg_inter: bad },
          levels: ['easy'],
          source: '/t',
        }),
      /\/t verif_pos:2: idx1 = 5 but i_seq00 has 3 patches/,
    );
  });
});
