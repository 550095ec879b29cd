import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultTaskSizes,
  generateRetrievalTasks,
  generateVerificationTasks,
} from '../../../src/eval/hpatches/generate-tasks.js';
import {
  parsePatchListCsv,
  parseVerificationCsv,
  readRetrievalTasks,
  readVerificationTasks,
  shippedTaskDir,
  writeTaskFiles,
} from '../../../src/eval/hpatches/task-files.js';
import { makeDataset, names } from './small-dataset.js';

describe('task files', () => {
  it("read the benchmark's shipped split-a retrieval files", async () => {
    const r = await readRetrievalTasks(shippedTaskDir(), 'a');
    assert.equal(r.queries.s.length, 10000);
    assert.equal(r.distractors.s.length, 20000);
    assert.equal(r.queries.names.length, 40);
    // First rows of the shipped files.
    assert.equal(r.queries.names[r.queries.s[0]], 'v_birdwoman');
    assert.equal(r.queries.idx[0], 3);
    assert.equal(r.distractors.names[r.distractors.s[1]], 'v_strand');
    assert.equal(r.distractors.idx[1], 201);
  });

  it('write generated files that read back to the same tasks, in the benchmark format', async () => {
    const dataset = makeDataset({ sequences: names(3, 20) });
    const verification = generateVerificationTasks({ sequences: dataset.sequences, pairs: 50, seed: 1 });
    const retrieval = generateRetrievalTasks({ dataset, queries: 10, distractors: 20, seed: 1 });
    const dir = await mkdtemp(join(tmpdir(), 'trellis-tasks-'));
    try {
      await writeTaskFiles(dir, 'synth', { verification, retrieval });
      const text = await readFile(join(dir, 'verif_neg_inter_split-synth.csv'), 'utf8');
      assert.match(text, /^s1,t1,idx1,s2,t2,idx2\n[iv]_seq\d\d,[0-4],\d+,[iv]_seq\d\d,[0-4],\d+\n/);
      const v = await readVerificationTasks(dir, 'synth');
      const r = await readRetrievalTasks(dir, 'synth');
      const named = (p: {
        names: readonly string[];
        s1: Uint32Array;
        idx1: Int32Array;
        s2: Uint32Array;
        idx2: Int32Array;
      }) => Array.from(p.s1, (s, i) => `${p.names[s]}:${p.idx1[i]}-${p.names[p.s2[i]]}:${p.idx2[i]}`);
      assert.deepEqual(named(v.neg_inter), named(verification.neg_inter));
      assert.deepEqual(Array.from(v.pos.t2), Array.from(verification.pos.t2));
      assert.deepEqual(Array.from(r.distractors.idx), Array.from(retrieval.distractors.idx));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('say which file, line and column is wrong', () => {
    assert.throws(
      () => parseVerificationCsv('s1,t1,idx1,s2,t2,idx2\ni_a,0,1,i_a,7,1\n', 'v.csv'),
      /v\.csv:2: column t2 is "7"; expected an integer 0–5/,
    );
    assert.throws(
      () => parsePatchListCsv('seq,idx\n', 'q.csv'),
      /q\.csv:1: expected the header "s,idx", found "seq,idx"/,
    );
  });

  it('report a missing verification file with the way out', async () => {
    await assert.rejects(
      readVerificationTasks('/nonexistent', 'a'),
      /verif_pos_split-a\.csv: task file not found; .*leave evaluation\.task_dir unset/,
    );
  });
});

describe('generated task files', () => {
  it('follow gen_verif: positives share sequence and index across two different images 0–4; negatives share the first patch', () => {
    const seqs = names(4, 30);
    const t = generateVerificationTasks({ sequences: seqs, pairs: 500, seed: 3 });
    for (let r = 0; r < 500; r++) {
      assert.equal(t.pos.s1[r], t.pos.s2[r]);
      assert.equal(t.pos.idx1[r], t.pos.idx2[r]);
      assert.ok(t.pos.t1[r] !== t.pos.t2[r] && t.pos.t1[r] <= 4 && t.pos.t2[r] <= 4);
      assert.equal(t.neg_intra.s2[r], t.pos.s1[r]);
      assert.notEqual(t.neg_intra.idx2[r], t.neg_intra.idx1[r]);
      assert.equal(t.neg_inter.idx1[r], t.pos.idx1[r]);
      assert.ok(t.neg_inter.idx2[r] < 30);
    }
    const again = generateVerificationTasks({ sequences: [...seqs].reverse(), pairs: 500, seed: 3 });
    assert.deepEqual(again, t, 'same seed and sequences in another order give the same files');
  });

  it('follow gen_retrieval: textured, unique queries, none of them among the distractors', () => {
    const dataset = makeDataset({ sequences: names(3, 40) });
    // Make the first 10 ref patches of every sequence flat (std 0): they must never be drawn.
    for (const seq of dataset.sequences) seq.images.ref.clean.data.fill(128, 0, 10 * 64);
    const t = generateRetrievalTasks({ dataset, queries: 30, distractors: 40, seed: 5 });
    const key = (names: readonly string[], s: number, i: number) => `${names[s]}:${i}`;
    const q = Array.from(t.queries.s, (s, i) => key(t.queries.names, s, t.queries.idx[i]));
    const d = Array.from(t.distractors.s, (s, i) => key(t.distractors.names, s, t.distractors.idx[i]));
    assert.equal(q.length, 30);
    assert.equal(d.length, 40);
    assert.equal(new Set(q).size, 30);
    assert.equal(new Set(d).size, 40);
    assert.ok(d.every((x) => !q.includes(x)));
    assert.ok([...t.queries.idx, ...t.distractors.idx].every((i) => i >= 10));
  });

  it('scale the default sizes to the dataset, capped at the benchmark sizes', () => {
    assert.deepEqual(defaultTaskSizes(59532), {
      verificationPairs: 1_000_000,
      queries: 10_000,
      distractors: 20_000,
    });
    assert.deepEqual(defaultTaskSizes(3600), { verificationPairs: 60_472, queries: 605, distractors: 1209 });
    assert.deepEqual(defaultTaskSizes(1e6), {
      verificationPairs: 1_000_000,
      queries: 10_000,
      distractors: 20_000,
    });
  });
});
