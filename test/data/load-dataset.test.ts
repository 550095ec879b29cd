import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile, writeFile, rm } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { loadDataset } from '../../src/data/load-dataset.js';
import type { IMAGE_TYPES } from '../../src/data/dataset.js';
import { tempDir, writeTinyDataset, stackBytes, writeStack, removeTempDirs } from './tiny-dataset.js';

after(removeTempDirs);

const SEQS = [
  { name: 'i_alpha', count: 3 },
  { name: 'v_beta', count: 2 },
];

describe('loadDataset, N-HPatches layout', () => {
  let root: string;
  before(async () => {
    root = await tempDir();
    await writeTinyDataset({ root, layout: 'nhpatches', sequences: SEQS });
  });

  it('reads every sequence with its 16 clean and noisy stacks, byte for byte', async () => {
    const d = await loadDataset({ root, layout: 'nhpatches', patchSize: 32 });
    assert.deepEqual(
      d.sequences.map((s) => [s.name, s.count]),
      [
        ['i_alpha', 3],
        ['v_beta', 2],
      ],
    );
    const e3 = d.sequences[1].images.e3;
    assert.deepEqual(e3.clean.data, stackBytes({ seq: 1, type: 3, count: 2, side: 32 }));
    assert.deepEqual(e3.noisy.data, stackBytes({ seq: 1, type: 3, count: 2, side: 32, noisy: true }));
    assert.equal(d.patchSize, 32);
  });

  it('loads only the requested sequences and names a missing one with a suggestion', async () => {
    const d = await loadDataset({ root, layout: 'nhpatches', patchSize: 32, sequences: ['v_beta'] });
    assert.deepEqual(
      d.sequences.map((s) => s.name),
      ['v_beta'],
    );
    await assert.rejects(
      loadDataset({ root, layout: 'nhpatches', patchSize: 32, sequences: ['v_betta'] }),
      /v_betta: sequence folder missing.*did you mean "v_beta"/,
    );
  });

  it('resizes 32-px stacks to the requested patch size', async () => {
    const d = await loadDataset({ root, layout: 'nhpatches', patchSize: 16 });
    assert.equal(d.sequences[0].images.ref.clean.data.length, 3 * 16 * 16);
  });

  it('reports a missing dataset folder with the fix', async () => {
    await assert.rejects(
      loadDataset({ root: join(root, 'nope'), layout: 'nhpatches', patchSize: 32 }),
      /nope: dataset folder not found/,
    );
  });
});

describe('loadDataset, HPatches release layout', () => {
  let root: string;
  before(async () => {
    root = await tempDir();
    await writeTinyDataset({ root, layout: 'hpatches', sequences: SEQS });
  });

  it('area-downsamples 65-px stacks to 32 px and makes noisy patches with the declared model', async () => {
    const d = await loadDataset({ root, layout: 'hpatches', patchSize: 32 });
    const ref = d.sequences[0].images.ref;
    assert.equal(ref.clean.data.length, 3 * 32 * 32);
    assert.equal(ref.noisy.data.length, 3 * 32 * 32);
    assert.notDeepEqual(ref.noisy.data, ref.clean.data);
  });

  it('gives the same noisy patches for the same noise seed and different ones for another', async () => {
    const a = await loadDataset({ root, layout: 'hpatches', patchSize: 32, noise: { seed: 5 } });
    const b = await loadDataset({ root, layout: 'hpatches', patchSize: 32, noise: { seed: 5 } });
    const c = await loadDataset({ root, layout: 'hpatches', patchSize: 32, noise: { seed: 6 } });
    assert.deepEqual(a.sequences[1].images.t2.noisy.data, b.sequences[1].images.t2.noisy.data);
    assert.notDeepEqual(a.sequences[1].images.t2.noisy.data, c.sequences[1].images.t2.noisy.data);
  });

  it('adds more noise to tough images than to easy ones', async () => {
    const d = await loadDataset({
      root,
      layout: 'hpatches',
      patchSize: 32,
      noise: { salt_pepper: { easy: 0, hard: 0, tough: 0 } },
    });
    const rms = (t: (typeof IMAGE_TYPES)[number]): number => {
      const { clean, noisy } = d.sequences[0].images[t];
      let s = 0;
      for (let i = 0; i < clean.data.length; i++) s += (noisy.data[i] - clean.data[i]) ** 2;
      return Math.sqrt(s / clean.data.length);
    };
    assert.ok(rms('e1') < rms('h1') && rms('h1') < rms('t1'), `${rms('e1')} < ${rms('h1')} < ${rms('t1')}`);
  });
});

describe('loadDataset, bad input names the file and the problem', () => {
  const fresh = async (): Promise<string> => {
    const root = await tempDir();
    await writeTinyDataset({ root, layout: 'nhpatches', sequences: [{ name: 'v_x', count: 2 }] });
    return root;
  };

  it('reports a missing image file', async () => {
    const root = await fresh();
    await rm(join(root, 'v_x', 'h4_noise.png'));
    await assert.rejects(
      loadDataset({ root, layout: 'nhpatches', patchSize: 32 }),
      (e: Error) => e.message.includes(join(root, 'v_x', 'h4_noise.png')) && /missing file/.test(e.message),
    );
  });

  it('reports a truncated PNG', async () => {
    const root = await fresh();
    const file = join(root, 'v_x', 'e2.png');
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 30));
    await assert.rejects(loadDataset({ root, layout: 'nhpatches', patchSize: 32 }), (e: Error) =>
      e.message.startsWith(`${file}: truncated or corrupt PNG`),
    );
  });

  it('reports a file that is not a PNG', async () => {
    const root = await fresh();
    const file = join(root, 'v_x', 'ref.png');
    await writeFile(file, 'hello');
    await assert.rejects(loadDataset({ root, layout: 'nhpatches', patchSize: 32 }), (e: Error) =>
      e.message.startsWith(`${file}: not a PNG file`),
    );
  });

  it('reports a stack height that is not a multiple of the patch size', async () => {
    const root = await fresh();
    const file = join(root, 'v_x', 't5.png');
    await writeStack(file, 32, new Uint8Array(32 * 50));
    await assert.rejects(loadDataset({ root, layout: 'nhpatches', patchSize: 32 }), (e: Error) =>
      e.message.startsWith(`${file}: stack height 50 is not a multiple of the patch size 32`),
    );
  });

  it('refuses a colour PNG and says how to convert it', async () => {
    const root = await fresh();
    const file = join(root, 'v_x', 'e1.png');
    const png = new PNG({ width: 32, height: 64 });
    png.data.fill(128);
    await writeFile(file, PNG.sync.write(png));
    await assert.rejects(
      loadDataset({ root, layout: 'nhpatches', patchSize: 32 }),
      (e: Error) =>
        e.message.startsWith(`${file}: RGBA PNG, expected 8-bit grey`) &&
        /convert it to grey/.test(e.message),
    );
  });

  it('reports patch counts that differ across the 16 files of a sequence', async () => {
    const root = await fresh();
    const file = join(root, 'v_x', 'h2.png');
    await writeStack(file, 32, stackBytes({ seq: 0, type: 7, count: 3, side: 32 }));
    await assert.rejects(
      loadDataset({ root, layout: 'nhpatches', patchSize: 32 }),
      (e: Error) =>
        e.message ===
        `${file}: 3 patches, but ${join(root, 'v_x', 'ref.png')} has 2; all 16 files of a sequence need the same number of patches`,
    );
  });

  it('reports a noisy stack whose count differs from its clean stack', async () => {
    const root = await fresh();
    const file = join(root, 'v_x', 'e5_noise.png');
    await writeStack(file, 32, stackBytes({ seq: 0, type: 5, count: 1, side: 32 }));
    await assert.rejects(loadDataset({ root, layout: 'nhpatches', patchSize: 32 }), (e: Error) =>
      e.message.startsWith(`${file}: 1 patches of 32 px, but e5.png has 2 of 32 px`),
    );
  });
});
