import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluationOptionsFromSpec } from '../../../src/eval/hpatches/spec-options.js';
import { makeDataset, names, pixelDescriptor } from './small-dataset.js';

describe('evaluationOptionsFromSpec', () => {
  const ctx = {
    dataset: makeDataset({ sequences: names(2, 3) }),
    describe: pixelDescriptor,
    specDir: '/exp/specs',
    artifactDir: '/art/t1',
    descriptorName: 'baseline',
  };

  it('resolves task_dir against the spec folder and sends outputs to the artifacts', () => {
    const o = evaluationOptionsFromSpec(
      { task_dir: '../tasks', export_descriptors: true, generate: { verification_pairs: 10, seed: 1 } },
      ctx,
    );
    assert.equal(o.taskDir, '/exp/tasks');
    assert.equal(o.writeTasksTo, '/art/t1/tasks');
    assert.deepEqual(o.exportTo, { dir: '/art/t1/descriptors', name: 'baseline' });
    assert.equal(o.generate?.verificationPairs, 10);
  });

  it('leaves every option to its default when the section is absent', () => {
    const o = evaluationOptionsFromSpec(undefined, ctx);
    assert.equal(o.tasks, undefined);
    assert.equal(o.taskDir, undefined);
    assert.equal(o.exportTo, undefined);
  });
});
