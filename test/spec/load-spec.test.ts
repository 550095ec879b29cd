import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadSpec } from '../../src/spec/load-spec.js';
import { locate } from '../../src/spec/source-map.js';
import { specProject } from './spec-files.js';
import { testSchemas } from './test-schemas.js';

const schemas = testSchemas();
const project = specProject({
  'base.yaml':
    'name: base\nseed: 5\noptimizer: {type: sgd, lr: 0.5, momentum: 0.9}\nlayers: [{type: dropout, rate: 0.1}, {type: dropout, rate: 0.2}]\n',
  'specs/child.yaml':
    'name: child\nextends: ../base.yaml\noptimizer: {lr: 0.25}\nlayers: [{type: dropout, rate: 0.3}]\n',
  'specs/uses-blocks.yaml':
    'name: blocks\ninclude: [../lib/one.yaml, ../lib/two.yaml]\nblocks: {own: {x: 1}}\n',
  'lib/one.yaml': 'blocks:\n  first: {x: 1}\n',
  'lib/two.yaml': 'description: second library\nblocks:\n  second: {x: 2}\n',
  'cycle/a.yaml': 'name: a\nextends: b.yaml\n',
  'cycle/b.yaml': 'extends: c.yaml\n',
  'cycle/c.yaml': 'extends: a.yaml\n',
  'escape.yaml': 'name: escape\ninclude: [../../elsewhere.yaml]\n',
  'plain.yaml': 'name: plain\nseed: 1\noptimizer: {type: sgd}\n',
});
after(project.cleanup);
const load = (file: string, set?: string[]) =>
  loadSpec(join(project.root, file), { schemas, set, cwd: project.root });

describe('loadSpec', () => {
  it('deep-merges extends: mappings merge, lists replace, and defaults are filled in', async () => {
    const { spec, issues, files } = await load('specs/child.yaml');
    assert.deepEqual(issues, []);
    assert.deepEqual(spec, {
      name: 'child',
      seed: 5,
      optimizer: { type: 'sgd', lr: 0.25, momentum: 0.9 },
      layers: [{ type: 'dropout', rate: 0.3 }],
    });
    assert.deepEqual(files, [join(project.root, 'specs/child.yaml'), join(project.root, 'base.yaml')]);
  });

  it('maps each resolved value to the file and line that gave it', async () => {
    const { sourceMap } = await load('specs/child.yaml');
    assert.deepEqual(locate(sourceMap, '/optimizer/lr'), {
      file: join(project.root, 'specs/child.yaml'),
      line: 3,
      col: 13,
    });
    assert.deepEqual(locate(sourceMap, '/optimizer/momentum'), {
      file: join(project.root, 'base.yaml'),
      line: 3,
      col: 33,
    });
    assert.equal(locate(sourceMap, '/layers/0/rate')?.file, join(project.root, 'specs/child.yaml'));
    // A value that was filled in by a default points at its parent.
    assert.deepEqual(locate(sourceMap, '/optimizer/nothing'), locate(sourceMap, '/optimizer'));
  });

  it('joins the blocks of included libraries with the spec’s own', async () => {
    const { spec, issues, sourceMap } = await load('specs/uses-blocks.yaml');
    assert.deepEqual(issues, []);
    assert.deepEqual((spec as unknown as { blocks: unknown }).blocks, {
      first: { x: 1 },
      second: { x: 2 },
      own: { x: 1 },
    });
    assert.equal(locate(sourceMap, '/blocks/second')?.file, join(project.root, 'lib/two.yaml'));
    assert.equal('include' in spec, false);
  });

  it('reports an extends cycle at the extends that closes it', async () => {
    const { issues } = await load('cycle/a.yaml');
    assert.equal(issues.length, 1);
    assert.equal(issues[0].code, 'spec/extends-cycle');
    assert.equal(
      issues[0].message,
      'extends cycle: cycle/a.yaml → cycle/b.yaml → cycle/c.yaml → cycle/a.yaml',
    );
    assert.deepEqual(issues[0].location, { file: join(project.root, 'cycle/c.yaml'), line: 1, col: 1 });
  });

  it('refuses an include that leaves the project root', async () => {
    const { issues } = await load('escape.yaml');
    assert.equal(issues[0].code, 'spec/path-outside-project');
    assert.equal(issues[0].pointer, '/include/0');
  });

  it('types --set values by the schema and points them at the command line', async () => {
    const { spec, issues, sourceMap } = await load('plain.yaml', ['name=2024', 'seed=7', 'optimizer.lr=0.5']);
    assert.deepEqual(issues, []);
    assert.equal(spec.name, '2024');
    assert.equal(spec.seed, 7);
    assert.deepEqual((spec as unknown as { optimizer: unknown }).optimizer, { type: 'sgd', lr: 0.5 });
    assert.deepEqual(locate(sourceMap, '/optimizer/lr'), { file: '<command line>', line: 3, col: 1 });
  });

  it('replaces an object with --set and applies its defaults', async () => {
    const { spec } = await load('plain.yaml', ['optimizer={type: adam}']);
    assert.deepEqual((spec as unknown as { optimizer: unknown }).optimizer, {
      type: 'adam',
      lr: 0.001,
      beta_1: 0.9,
    });
  });

  it('rejects a --set path the schema does not allow, with a suggestion from the chosen variant', async () => {
    const { issues } = await load('plain.yaml', ['optimizer.lrr=1']);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].message, 'optimizer has no key "lrr"');
    assert.equal(issues[0].hint, 'did you mean "lr"?');
  });

  it('lets a --set value of the wrong type reach validation, located on the command line', async () => {
    const { issues } = await load('plain.yaml', ['seed=lots']);
    assert.equal(issues[0].message, 'expected an integer, found "lots"');
  });

  it('allows any --set path below a schema that does not restrict its keys', async () => {
    const { spec, issues } = await load('plain.yaml', ['open.deep.key=3']);
    assert.deepEqual(issues, []);
    assert.deepEqual((spec as unknown as { open: unknown }).open, { deep: { key: 3 } });
  });
});
