import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPairSource } from '../../src/data/pair-source.js';
import { memoryDataset, identify } from './in-memory-dataset.js';

const COUNTS = [3, 2];
const dataset = memoryDataset(COUNTS);
const P2 = 16;

describe('createPairSource', () => {
  it('has one pair per patch of each of the 16 images and floor(pairs / batch) steps', () => {
    const src = createPairSource({ dataset, batchSize: 7, seed: 1 });
    assert.equal(src.samples, (3 + 2) * 16);
    assert.equal(src.steps, Math.floor(80 / 7));
    const batches = [...src.epoch(0)];
    assert.equal(batches.length, 11);
    assert.ok(batches.every((b) => b.n === 7 && b.x.length === 7 * P2 && b.y.length === 7 * P2));
  });

  it('pairs each noisy patch with its own clean patch and visits every pair once per epoch', () => {
    const src = createPairSource({ dataset, batchSize: 8, seed: 3 });
    const seen = new Set<string>();
    for (const b of src.epoch(0)) {
      for (let k = 0; k < b.n; k++) {
        const x = identify(b.x, k, COUNTS),
          y = identify(b.y, k, COUNTS);
        assert.deepEqual([x.seq, x.type, x.patch, x.noisy, y.noisy], [y.seq, y.type, y.patch, true, false]);
        seen.add(`${y.seq}/${y.type}/${y.patch}`);
      }
    }
    assert.equal(seen.size, 80);
  });

  it('gives the same batches for the same seed and epoch, and reshuffles for another epoch or seed', () => {
    const first = (seed: number, e: number): number[] =>
      [...createPairSource({ dataset, batchSize: 10, seed }).epoch(e)].flatMap((b) => Array.from(b.y));
    assert.deepEqual(first(5, 0), first(5, 0));
    assert.notDeepEqual(first(5, 0), first(5, 1));
    assert.notDeepEqual(first(5, 0), first(6, 0));
  });

  it('uses only the requested sequences', () => {
    const src = createPairSource({ dataset, sequences: ['seq1'], batchSize: 4, seed: 0 });
    assert.equal(src.samples, 32);
    for (const b of src.epoch(0)) for (let k = 0; k < b.n; k++) assert.equal(identify(b.y, k, COUNTS).seq, 1);
  });

  it('names an unknown sequence', () => {
    assert.throws(
      () => createPairSource({ dataset, sequences: ['seq7'], batchSize: 4, seed: 0 }),
      /sequence "seq7" is not loaded/,
    );
  });
});
