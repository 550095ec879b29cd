import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deepMerge } from '../../src/spec/deep-merge.js';

const at = (value: unknown) => ({ value, locations: new Map() });

test('merges mappings key by key and replaces lists', () => {
  const merged = deepMerge(at({ a: { x: 1, y: [1, 2] }, b: 1 }), at({ a: { y: [3], z: 2 } })).value;
  assert.deepEqual(merged, { a: { x: 1, y: [3], z: 2 }, b: 1 });
});

test('a mapping with another type replaces the base mapping instead of inheriting its keys', () => {
  const base = at({ data: { source: { type: 'nhpatches', root: './hpatches' }, patch_size: 32 } });
  const over = at({ data: { source: { type: 'synth', sequences: 12 } } });
  assert.deepEqual(deepMerge(base, over).value, {
    data: { source: { type: 'synth', sequences: 12 }, patch_size: 32 },
  });
});

test('a mapping with the same type merges as usual', () => {
  const base = at({ optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 } });
  const over = at({ optimizer: { type: 'sgd', lr: 0.01 } });
  assert.deepEqual(deepMerge(base, over).value, { optimizer: { type: 'sgd', lr: 0.01, momentum: 0.9 } });
});
