import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  normalizeKey,
  splitBatch,
  truncateValue,
  wireNumber,
  MAX_KEY_LENGTH,
} from '../../src/tracking/log-batch-limits.js';

const metric = (i: number) => ({ key: `m${i % 3}`, value: i, step: i, timestamp: 1000 + i });
const kv = (i: number) => ({ key: `k${i}`, value: String(i) });

describe('splitBatch', () => {
  it('splits 2500 metrics into requests of at most 1000, keeping their order', () => {
    const reqs = splitBatch({ metrics: Array.from({ length: 2500 }, (_, i) => metric(i)) });
    assert.deepEqual(
      reqs.map((r) => r.metrics.length),
      [1000, 1000, 500],
    );
    assert.deepEqual(
      reqs.flatMap((r) => r.metrics.map((m) => m.step)),
      Array.from({ length: 2500 }, (_, i) => i),
    );
  });

  it('puts at most 100 params and 100 tags, and 1000 items in all, in one request', () => {
    const reqs = splitBatch({
      params: Array.from({ length: 250 }, (_, i) => kv(i)),
      tags: Array.from({ length: 120 }, (_, i) => kv(i)),
      metrics: Array.from({ length: 1900 }, (_, i) => metric(i)),
    });
    for (const r of reqs) {
      assert.ok(r.params.length <= 100 && r.tags.length <= 100 && r.metrics.length <= 1000);
      assert.ok(r.params.length + r.tags.length + r.metrics.length <= 1000);
    }
    assert.equal(
      reqs.reduce((n, r) => n + r.params.length, 0),
      250,
    );
    assert.equal(
      reqs.reduce((n, r) => n + r.tags.length, 0),
      120,
    );
    assert.equal(
      reqs.reduce((n, r) => n + r.metrics.length, 0),
      1900,
    );
  });

  it('starts a new request before the body passes the size limit', () => {
    const big = Array.from({ length: 300 }, (_, i) => ({ key: `t${i}`, value: 'x'.repeat(7000) }));
    const reqs = splitBatch({ tags: big });
    for (const r of reqs) assert.ok(Buffer.byteLength(JSON.stringify(r)) < 1_000_000);
    assert.ok(reqs.length >= 3);
  });

  it('returns no request when there is nothing to log', () => {
    assert.deepEqual(splitBatch({}), []);
  });
});

describe('truncateValue', () => {
  it('cuts to the limit and says how much was dropped', () => {
    const v = truncateValue('a'.repeat(7000), 6000);
    assert.equal(v.length, 6000);
    assert.match(v, /…\[truncated 10\d\d chars\]$/);
  });
  it('keeps values within the limit unchanged', () => {
    assert.equal(truncateValue('short', 6000), 'short');
  });
});

describe('normalizeKey', () => {
  it('replaces characters the server rejects and path segments that normalise away', () => {
    assert.equal(normalizeKey('denoiser/val loss (mae)'), 'denoiser/val loss _mae_');
    assert.equal(normalizeKey('/a//b/./c'), 'a/b/c');
  });
  it('shortens long keys to 250 characters with a hash, so distinct keys stay distinct', () => {
    const a = normalizeKey('x'.repeat(300) + 'a');
    const b = normalizeKey('x'.repeat(300) + 'b');
    assert.equal(a.length, MAX_KEY_LENGTH);
    assert.notEqual(a, b);
  });
});

describe('wireNumber', () => {
  it('sends NaN and infinities as strings the server accepts', () => {
    assert.deepEqual([NaN, Infinity, -Infinity, 1.5].map(wireNumber), ['NaN', 'Infinity', '-Infinity', 1.5]);
  });
});
