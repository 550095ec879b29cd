import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGE_TYPES, type PatchDataset, type PatchImage } from '../../src/data/dataset.js';
import { stageOutput } from '../../src/pipeline/stage-outputs.js';

function dataset(fill: (seq: number, type: number, i: number) => number): PatchDataset {
  const sequences = ['i_a', 'v_b'].map((name, s) => {
    const count = 2 + s;
    const images = Object.fromEntries(
      IMAGE_TYPES.map((t, k) => {
        const data = Uint8Array.from({ length: count * 4 }, (_, i) => fill(s, k, i));
        const stack = { count, data };
        return [t, { clean: stack, noisy: stack } satisfies PatchImage];
      }),
    ) as Record<(typeof IMAGE_TYPES)[number], PatchImage>;
    return { name, count, images };
  });
  return { root: '/x', patchSize: 2, sequences };
}

test('a stage output is made once, stored, and read back identical by the next trial', async () => {
  const stageDir = await mkdtemp(join(tmpdir(), 'stage-'));
  const original = dataset(() => 0);
  const transformed = dataset((s, k, i) => (s * 31 + k * 7 + i) % 256);
  let made = 0;
  const make = async () => {
    made++;
    return transformed;
  };
  const first = await stageOutput({ stageDir, postprocess: 'clip_round', dataset: original, make });
  const second = await stageOutput({ stageDir, postprocess: 'clip_round', dataset: original, make });
  assert.equal(made, 1);
  assert.deepEqual([first.cached, second.cached], [false, true]);
  for (const [s, seq] of second.dataset.sequences.entries()) {
    for (const t of IMAGE_TYPES) {
      assert.deepEqual(Array.from(seq.images[t].noisy.data), Array.from(transformed.sequences[s].images[t].noisy.data));
      assert.equal(seq.images[t].clean, original.sequences[s].images[t].clean, 'clean stacks are the original ones');
    }
  }
});

test('a stored output for another dataset layout is not used', async () => {
  const stageDir = await mkdtemp(join(tmpdir(), 'stage-'));
  await stageOutput({ stageDir, postprocess: 'none', dataset: dataset(() => 1), make: async () => dataset(() => 2) });
  const other = dataset(() => 1);
  const smaller = { ...other, sequences: other.sequences.slice(0, 1) };
  let made = 0;
  await stageOutput({ stageDir, postprocess: 'none', dataset: smaller, make: async () => (made++, smaller) });
  assert.equal(made, 1);
});
