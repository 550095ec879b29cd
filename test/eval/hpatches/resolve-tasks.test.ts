import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveTasks } from '../../../src/eval/hpatches/resolve-tasks.js';
import { readRetrievalTasks, shippedTaskDir } from '../../../src/eval/hpatches/task-files.js';
import { makeDataset, names } from './small-dataset.js';

describe('resolveTasks', () => {
  it("uses the shipped split-a retrieval files when the evaluated sequences are split a's test set", async () => {
    const shipped = await readRetrievalTasks(shippedTaskDir(), 'a');
    const sequences = shipped.queries.names.map((name) => ({ name, count: 2000 }));
    const t = await resolveTasks({
      tasks: ['retrieval'],
      split: 'a',
      sequences,
      dataset: makeDataset({ sequences: names(1, 2) }),
    });
    assert.equal(t.sources.retrieval, shippedTaskDir());
    assert.equal(t.retrieval!.distractors.s.length, 20000);
  });

  it('generates task files for a dataset with other sequences, at the requested sizes', async () => {
    const dataset = makeDataset({ sequences: names(3, 30) });
    const t = await resolveTasks({
      tasks: ['verification', 'retrieval'],
      split: 'a',
      sequences: dataset.sequences,
      dataset,
      generate: { verificationPairs: 25, queries: 5, distractors: 12 },
    });
    assert.deepEqual(t.sources, { verification: 'generated', retrieval: 'generated' });
    assert.equal(t.verification!.pos.s1.length, 25);
    assert.equal(t.retrieval!.queries.s.length, 5);
    assert.equal(t.retrieval!.distractors.s.length, 12);
  });

  it('asks for task_dir when there is neither a task file nor a dataset to generate from', async () => {
    await assert.rejects(
      resolveTasks({ tasks: ['retrieval'], split: 'custom', sequences: names(2, 5) }),
      /retrieval: no task files for split "custom" and no dataset to generate them from; set evaluation\.task_dir/,
    );
  });
});
