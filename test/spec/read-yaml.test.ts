import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readYaml } from '../../src/spec/read-yaml.js';

describe('readYaml', () => {
  it('keeps the position of every key and list item', () => {
    const r = readYaml('a: 1\nb:\n  c: [10, {d: 2}]\n', 'f.yaml');
    assert.deepEqual(r.value, { a: 1, b: { c: [10, { d: 2 }] } });
    assert.deepEqual(r.locations.get('/b/c'), { file: 'f.yaml', line: 3, col: 3 });
    assert.deepEqual(r.locations.get('/b/c/1/d'), { file: 'f.yaml', line: 3, col: 12 });
    assert.deepEqual(r.issues, []);
  });

  it('reports a duplicate key at the second occurrence and names the first line', () => {
    const r = readYaml('x: 1\ny:\n  z: 1\n  z: 2\n', 'f.yaml');
    assert.equal(r.value, undefined);
    assert.equal(r.issues.length, 1);
    assert.equal(r.issues[0].code, 'spec/duplicate-key');
    assert.equal(r.issues[0].pointer, '/y/z');
    assert.equal(r.issues[0].message, 'duplicate key "z" (first at line 3)');
    assert.deepEqual(r.issues[0].location, { file: 'f.yaml', line: 4, col: 3 });
  });

  it('reports a syntax error with its line and column', () => {
    const r = readYaml('a: [1, 2\nb: 3\n', 'f.yaml');
    assert.equal(r.issues[0].code, 'spec/yaml-syntax');
    assert.match(r.issues[0].message, /^YAML syntax error: /);
    assert.deepEqual(r.issues[0].location, { file: 'f.yaml', line: 2, col: 1 });
  });

  it('refuses custom tags', () => {
    const r = readYaml('a: !env HOME\n', 'f.yaml');
    assert.equal(r.issues[0].code, 'spec/yaml-tag');
  });

  it('expands a few aliases but refuses an exponential expansion', () => {
    assert.deepEqual(readYaml('a: &x [1]\nb: *x\n', 'f.yaml').value, { a: [1], b: [1] });
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
    ])
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    const r = readYaml(bomb.join('\n'), 'f.yaml');
    assert.equal(r.value, undefined);
    assert.equal(r.issues[0].code, 'spec/yaml-alias-limit');
  });
});
