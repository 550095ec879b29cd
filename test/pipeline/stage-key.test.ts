import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stageKey } from '../../src/pipeline/stage-key.js';
import { canonicalJson } from '../../src/io/canonical-json.js';

const base = {
  stage: { model: 'denoiser', optimizer: { type: 'sgd', lr: 1e-5 }, epochs: 1 },
  model: { input: [32, 32, 1], layers: [{ type: 'conv2d', filters: 16 }] },
  upstream: [] as string[],
  data: { source: { type: 'synth', sequences: 12 } },
  seed: 1234,
  version: '0.1.0',
};

test('canonical JSON is independent of key order', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  assert.equal(canonicalJson({ b: 1, a: 2 }), '{"a":2,"b":1}');
});

test('gives the same stage key for reordered keys', () => {
  const reordered = { ...base, stage: { epochs: 1, optimizer: { lr: 1e-5, type: 'sgd' }, model: 'denoiser' } };
  assert.equal(stageKey(base), stageKey(reordered));
});

test('changes the stage key when the config, an upstream key, the data, the seed or the version changes', () => {
  const k = stageKey(base);
  assert.notEqual(stageKey({ ...base, stage: { ...base.stage, epochs: 2 } }), k);
  assert.notEqual(stageKey({ ...base, upstream: ['abc'] }), k);
  assert.notEqual(stageKey({ ...base, data: { source: { type: 'synth', sequences: 13 } } }), k);
  assert.notEqual(stageKey({ ...base, seed: 1 }), k);
  assert.notEqual(stageKey({ ...base, version: '0.2.0' }), k);
});
