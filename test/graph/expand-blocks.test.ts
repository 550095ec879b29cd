import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkGraph, planModel } from '../../src/graph/index.js';
import { substituteParams } from '../../src/graph/substitute-params.js';
import { parseSpec } from './read-spec.js';

const BLOCKS = `
blocks:
  pair:
    params:
      filters: {type: integer}
      tag: {type: string, default: x}
    layers:
      - {type: conv2d, id: "a_\${tag}", filters: "\${filters}", kernel: 1}
      - {type: conv2d, id: b, filters: "\${filters}", kernel: 1}
  residual:
    params:
      filters: {type: integer}
    layers:
      - {block: pair, id: body, filters: "\${filters}"}
      - {type: add, inputs: [body, entry]}
`;

const rowsOf = (yaml: string): { name: string; inputs: readonly string[] }[] => {
  const spec = parseSpec(yaml + BLOCKS);
  assert.deepEqual(checkGraph(spec), []);
  return planModel(spec, 'm').rows.map((r) => ({ name: r.name, inputs: r.inputs }));
};

describe('block expansion', () => {
  it('scopes ids per use, so repeated uses of a block do not collide', () => {
    const rows = rowsOf(`
name: t
models:
  m:
    input: [4, 4, 2]
    layers:
      - {block: pair, filters: 2}
      - {block: pair, filters: 2, tag: y}
`);
    assert.deepEqual(rows, [
      { name: 'input', inputs: [] },
      { name: 'pair_1/a_x', inputs: ['input'] },
      { name: 'pair_1/b', inputs: ['pair_1/a_x'] },
      { name: 'pair_2/a_y', inputs: ['pair_1/b'] },
      { name: 'pair_2/b', inputs: ['pair_2/a_y'] },
    ]);
  });

  it("chains repeat copies, scoped <id>/<k>, and names the last copy's output by the use id", () => {
    const rows = rowsOf(`
name: t
models:
  m:
    input: [4, 4, 2]
    layers:
      - {block: residual, id: res, filters: 2, repeat: 2}
      - {type: conv2d, id: head, filters: 1, kernel: 1}
      - {type: concat, inputs: [head, res, res/1]}
`);
    const byName = new Map(rows.map((r) => [r.name, r.inputs]));
    assert.deepEqual(byName.get('res/1/body/a_x'), ['input']);
    assert.deepEqual(byName.get('res/1/add_1'), ['res/1/body/b', 'input']);
    assert.deepEqual(byName.get('res/2/body/a_x'), ['res/1/add_1']);
    assert.deepEqual(byName.get('res/2/add_1'), ['res/2/body/b', 'res/1/add_1']);
    assert.deepEqual(byName.get('concat_1'), ['head', 'res/2/add_1', 'res/1/add_1']);
  });

  it("takes a use's inputs: as the block entry instead of the previous layer", () => {
    const rows = rowsOf(`
name: t
models:
  m:
    input: [4, 4, 2]
    layers:
      - {type: conv2d, id: side, filters: 2, kernel: 1}
      - {block: residual, id: r, filters: 2, inputs: [input]}
      - {type: add, inputs: [r, side]}
`);
    assert.deepEqual(rows.find((r) => r.name === 'r/body/a_x')!.inputs, ['input']);
    assert.deepEqual(rows.find((r) => r.name === 'r/add_1')!.inputs, ['r/body/b', 'input']);
  });

  it('wires models with several inputs, forward references and explicit outputs', () => {
    const spec = parseSpec(`
name: t
models:
  m:
    layers:
      - {type: input, id: a, shape: [3]}
      - {type: input, id: b, shape: [3]}
      - {type: dense, id: mix, inputs: [sum], units: 2}
      - {type: add, id: sum, inputs: [a, b]}
    outputs: [mix, sum]
`);
    assert.deepEqual(checkGraph(spec), []);
    const plan = planModel(spec, 'm');
    assert.deepEqual(
      plan.rows.map((r) => r.name),
      ['a', 'b', 'sum', 'mix'],
    );
    assert.deepEqual(plan.outputs, ['mix', 'sum']);
    assert.equal(plan.totals.trainable, 3 * 2 + 2);
  });

  it('reports wrong numbers of inputs and goes on with the other checks', () => {
    const spec = parseSpec(`
name: t
models:
  m:
    input: [4]
    layers:
      - {type: dense, id: d, units: 2}
      - {type: add, inputs: [d]}
      - {type: dense, units: 1, inputs: [d, input]}
`);
    assert.deepEqual(
      checkGraph(spec).map((i) => [i.code, i.pointer]),
      [
        ['graph/input-count', '/models/m/layers/1/inputs'],
        ['graph/input-count', '/models/m/layers/2/inputs'],
        ['graph/unused-output', '/models/m/layers/1'],
      ],
    );
  });
});

describe('substituteParams', () => {
  it('keeps the type of a whole-value reference and interpolates inside longer strings', () => {
    const out = substituteParams({ filters: '${f}', id: 'conv_${f}', list: ['${s}', 1] }, { f: 8, s: 'x' });
    assert.deepEqual(out, { value: { filters: 8, id: 'conv_8', list: ['x', 1] }, unknown: [] });
  });

  it('leaves unknown references as written and lists where they are', () => {
    const out = substituteParams({ a: { b: ['${nope}'] } }, {});
    assert.deepEqual(out.unknown, [{ at: '/a/b/0', name: 'nope' }]);
    assert.deepEqual(out.value, { a: { b: ['${nope}'] } });
  });
});
