import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapPatches } from '../../src/data/map-patches.js';
import { createTripletSource } from '../../src/data/triplet-source.js';
import { memoryDataset } from './in-memory-dataset.js';

describe('mapPatches', () => {
  const dataset = memoryDataset([3, 250]);

  it('replaces the noisy stacks by the function of them, in batches, keeping the clean ones', async () => {
    const sizes: number[] = [];
    const mapped = await mapPatches(
      dataset,
      (x, n) => {
        sizes.push(n);
        return x.map((v) => v + 10.4);
      },
      { batchSize: 100 },
    );
    const s = mapped.sequences[1].images.h3;
    const orig = dataset.sequences[1].images.h3;
    assert.deepEqual(s.clean, orig.clean);
    assert.deepEqual(
      Array.from(s.noisy.data.subarray(0, 3)),
      Array.from(orig.noisy.data.subarray(0, 3)).map((v) => v + 10),
    );
    assert.ok(sizes.every((n) => n <= 100));
    assert.deepEqual(sizes.slice(0, 4), [3, 3, 3, 3]);
    assert.equal(dataset.sequences[1].images.h3.noisy, orig.noisy, 'input left untouched');
  });

  it('clips to 0–255 and truncates when asked, as the study converts predictions', async () => {
    const mapped = await mapPatches(
      dataset,
      (x) => x.map((v, i) => (i % 3 === 0 ? -5 : i % 3 === 1 ? 300 : 7.9)),
      { stacks: 'clean', rounding: 'truncate' },
    );
    const d = mapped.sequences[0].images.ref.clean.data;
    assert.deepEqual(Array.from(d.subarray(0, 3)), [0, 255, 7]);
    assert.equal(mapped.sequences[0].images.ref.noisy, dataset.sequences[0].images.ref.noisy);
  });

  it('gives a dataset the triplet sampler reads like any other', async () => {
    const mapped = await mapPatches(dataset, (x) => x, { stacks: 'both' });
    const src = createTripletSource({ dataset: mapped, samples: 64, batchSize: 32, seed: 0 });
    assert.equal([...src.epoch(0)].length, 2);
  });

  it('names the stack when the function returns the wrong number of values', async () => {
    await assert.rejects(
      mapPatches(dataset, (x) => x.subarray(1)),
      /mapPatches: seq0\/ref_noise: the function returned 47 values for 3 patches of 16 pixels/,
    );
  });
});
