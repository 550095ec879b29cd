import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTripletSource, CLASS_RUN } from '../../src/data/triplet-source.js';
import { memoryDataset, identify, type PatchId } from './in-memory-dataset.js';

const COUNTS = [24, 17];
const dataset = memoryDataset(COUNTS);

type Triplet = { a: PatchId; p: PatchId; n: PatchId };

function triplets(options: {
  seed: number;
  epoch: number;
  samples: number;
  batchSize: number;
  input?: 'clean' | 'noisy';
}): Triplet[] {
  const src = createTripletSource({
    dataset,
    samples: options.samples,
    batchSize: options.batchSize,
    seed: options.seed,
    input: options.input ?? 'clean',
  });
  const out: Triplet[] = [];
  for (const b of src.epoch(options.epoch)) {
    for (let k = 0; k < b.n; k++) {
      out.push({
        a: identify(b.anchor, k, COUNTS),
        p: identify(b.positive, k, COUNTS),
        n: identify(b.negative, k, COUNTS),
      });
    }
  }
  return out;
}

const cls = (x: PatchId): string => `${x.seq}/${x.patch}`;

describe('createTripletSource', () => {
  it('yields exactly floor(samples / batch) full batches', () => {
    const src = createTripletSource({ dataset, samples: 1000, batchSize: 50, seed: 1 });
    assert.equal(src.samples, 1000);
    assert.equal(src.steps, 20);
    assert.equal([...src.epoch(0)].length, 20);
    assert.equal(createTripletSource({ dataset, samples: 1010, batchSize: 50, seed: 1 }).steps, 20);
  });

  it('takes anchor and positive from two distinct images of one patch and the negative from another patch', () => {
    for (const t of triplets({ seed: 2, epoch: 0, samples: 400, batchSize: 50 })) {
      assert.equal(cls(t.a), cls(t.p));
      assert.notEqual(t.a.type, t.p.type);
      assert.notEqual(cls(t.n), cls(t.a));
    }
  });

  it('never repeats the anchor class within a run of 32 consecutive triplets', () => {
    const ts = triplets({ seed: 3, epoch: 0, samples: 50 * 13, batchSize: 50 });
    for (let start = 0; start + CLASS_RUN <= ts.length; start += CLASS_RUN) {
      const run = ts.slice(start, start + CLASS_RUN).map((t) => cls(t.a));
      assert.equal(new Set(run).size, CLASS_RUN, `run at ${start}`);
    }
  });

  it('is the same for the same seed and epoch and regenerated for the next epoch', () => {
    const key = (ts: Triplet[]): string => JSON.stringify(ts);
    assert.equal(
      key(triplets({ seed: 4, epoch: 0, samples: 200, batchSize: 25 })),
      key(triplets({ seed: 4, epoch: 0, samples: 200, batchSize: 25 })),
    );
    assert.notEqual(
      key(triplets({ seed: 4, epoch: 0, samples: 200, batchSize: 25 })),
      key(triplets({ seed: 4, epoch: 1, samples: 200, batchSize: 25 })),
    );
    assert.notEqual(
      key(triplets({ seed: 4, epoch: 0, samples: 200, batchSize: 25 })),
      key(triplets({ seed: 5, epoch: 0, samples: 200, batchSize: 25 })),
    );
  });

  it('reads noisy stacks by default and clean ones on request', () => {
    const noisy = triplets({ seed: 0, epoch: 0, samples: 20, batchSize: 10, input: 'noisy' });
    const clean = triplets({ seed: 0, epoch: 0, samples: 20, batchSize: 10, input: 'clean' });
    const [b] = [...createTripletSource({ dataset, samples: 10, batchSize: 10, seed: 0 }).epoch(0)];
    assert.ok(identify(b.anchor, 0, COUNTS).noisy);
    assert.ok(noisy.every((t) => t.a.noisy && t.p.noisy && t.n.noisy));
    assert.ok(clean.every((t) => !t.a.noisy && !t.p.noisy && !t.n.noisy));
  });

  it('draws every class over many triplets (uniform class choice)', () => {
    const hits = new Set(triplets({ seed: 6, epoch: 0, samples: 2000, batchSize: 50 }).map((t) => cls(t.a)));
    assert.equal(hits.size, 41);
  });
});

describe('createTripletSource with fewer than 32 patches', () => {
  it('shortens the no-repeat run to the number of classes instead of looping forever', () => {
    const small = memoryDataset([5, 4]);
    const src = createTripletSource({ dataset: small, samples: 90, batchSize: 9, seed: 1, input: 'clean' });
    const anchors: string[] = [];
    for (const b of src.epoch(0))
      for (let k = 0; k < b.n; k++) {
        const id = identify(b.anchor, k, [5, 4]);
        anchors.push(`${id.seq}/${id.patch}`);
      }
    for (let start = 0; start + 9 <= anchors.length; start += 9)
      assert.equal(new Set(anchors.slice(start, start + 9)).size, 9);
  });
});
