import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { expandSpecArgs } from '../../src/cli/expand-spec-args.js';
import { specProject } from '../spec/spec-files.js';

const project = specProject({
  'experiments/a.yaml': '',
  'experiments/sub/b.yml': '',
  'experiments/blocks/lib.yaml': '',
  'experiments/notes.txt': '',
});
after(project.cleanup);

describe('expandSpecArgs', () => {
  it('turns a folder into its YAML files, skipping block libraries in blocks/', () => {
    assert.deepEqual(expandSpecArgs(['experiments'], project.root), [
      'experiments/a.yaml',
      'experiments/sub/b.yml',
    ]);
  });

  it('expands a quoted ** glob, which then includes every matching file', () => {
    assert.deepEqual(expandSpecArgs(['experiments/**/*.yaml'], project.root), [
      'experiments/a.yaml',
      'experiments/blocks/lib.yaml',
    ]);
  });

  it('keeps files as given and a pattern that matches nothing, so it is reported as missing', () => {
    assert.deepEqual(expandSpecArgs(['experiments/a.yaml', 'nothing/*.yaml'], project.root), [
      'experiments/a.yaml',
      'nothing/*.yaml',
    ]);
  });
});
