import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { synthDataset } from '../../../src/data/synth/synth-dataset.js';
import { loadDataset } from '../../../src/data/load-dataset.js';
import { resolveSplit } from '../../../src/data/splits.js';
import { builtinPhotoDir } from '../../../src/data/synth/photo-set.js';
import { decodeGrayPng, encodeGrayPng } from '../../../src/data/png-gray.js';
import { tempDir, removeTempDirs } from '../tiny-dataset.js';

after(removeTempDirs);

/** Small crops of three committed photos, so each test generates in well under a second per sequence. */
async function smallPhotos(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const name of ['grass', 'gravel', 'brick']) {
    const img = decodeGrayPng(await readFile(join(builtinPhotoDir(), `${name}.png`)), name);
    const side = 200;
    const data = new Uint8Array(side * side);
    for (let y = 0; y < side; y++) data.set(img.data.subarray(y * img.width, y * img.width + side), y * side);
    await writeFile(join(dir, `${name}.png`), encodeGrayPng({ width: side, height: side, data }));
  }
  return dir;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) out.push(...(await listFiles(join(dir, e.name), `${prefix}${e.name}/`)));
    else out.push(`${prefix}${e.name}`);
  }
  return out;
}

describe('synthDataset', () => {
  let work: string;
  let photos: string;
  before(async () => {
    work = await tempDir('trellis-synth-');
    photos = await smallPhotos(join(work, 'photos'));
  });

  it('writes an N-HPatches-layout dataset with splits.json that the loader reads', async () => {
    const out = join(work, 'ds');
    const report = await synthDataset({ out, sequences: 3, patches: 6, seed: 1, photos });
    assert.equal(report.sequences.length, 3);
    assert.ok(report.sequences.every((s) => s.count === 6));
    const d = await loadDataset({ root: out, layout: 'nhpatches', patchSize: 32 });
    assert.deepEqual(d.sequences.map((s) => s.name).sort(), report.sequences.map((s) => s.name).sort());
    assert.ok(d.sequences.every((s) => /^[iv]_(grass|gravel|brick)$/.test(s.name)));
    const split = resolveSplit({
      split: 'a',
      available: d.sequences.map((s) => s.name),
      datasetSplits: d.declaredSplits,
    });
    assert.equal(split.train.length + split.test.length, 3);
    assert.ok(split.test.length >= 1 && split.train.length >= 1);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    assert.equal(manifest.parameters.seed, 1);
    assert.equal(manifest.photos.length, 3);
  });

  it('is byte-identical for the same seed and differs for another seed', async () => {
    const a = join(work, 'same-a'),
      b = join(work, 'same-b'),
      c = join(work, 'other');
    await synthDataset({ out: a, sequences: 2, patches: 5, seed: 9, photos, layout: 'both' });
    await synthDataset({ out: b, sequences: 2, patches: 5, seed: 9, photos, layout: 'both' });
    await synthDataset({ out: c, sequences: 2, patches: 5, seed: 10, photos, layout: 'both' });
    const files = await listFiles(a);
    assert.deepEqual(await listFiles(b), files);
    assert.ok(
      files.includes('hpatches/splits.json') &&
        files.some((f) => f.startsWith('nhpatches/') && f.endsWith('t5_noise.png')),
    );
    for (const f of files) assert.deepEqual(await readFile(join(b, f)), await readFile(join(a, f)), f);
    const cFiles = await listFiles(c);
    const differs = await Promise.all(
      cFiles
        .filter((f) => f.endsWith('ref.png'))
        .map(
          async (f) =>
            !existsSync(join(a, f)) || !(await readFile(join(a, f))).equals(await readFile(join(c, f))),
        ),
    );
    assert.ok(differs.some(Boolean));
  });

  it('writes 65-px clean stacks in the HPatches layout, which the HPatches loader reads', async () => {
    const out = join(work, 'hp');
    await synthDataset({ out, sequences: 2, patches: 4, seed: 2, photos, layout: 'hpatches' });
    const seq = (await listFiles(out)).find((f) => f.endsWith('/ref.png'))!;
    const img = decodeGrayPng(await readFile(join(out, seq)), seq);
    assert.deepEqual([img.width, img.height], [65, 65 * 4]);
    assert.ok(!existsSync(join(out, seq.replace('ref.png', 'ref_noise.png'))));
    const d = await loadDataset({ root: out, layout: 'hpatches', patchSize: 32 });
    assert.equal(d.sequences[0].images.t5.noisy.data.length, 4 * 32 * 32);
  });

  it('leaves neither the output nor a temp folder behind when generation fails midway', async () => {
    const parent = join(work, 'fail');
    await mkdir(parent);
    const out = join(parent, 'ds');
    await assert.rejects(
      synthDataset({
        out,
        sequences: 3,
        patches: 4,
        seed: 1,
        photos,
        onProgress: () => {
          throw new Error('interrupted');
        },
      }),
      /interrupted/,
    );
    assert.deepEqual(await readdir(parent), []);
  });

  it('refuses to overwrite a non-empty folder unless forced', async () => {
    const out = join(work, 'taken');
    await mkdir(out);
    await writeFile(join(out, 'keep.txt'), 'x');
    await assert.rejects(
      synthDataset({ out, sequences: 2, patches: 3, photos }),
      /already exists and is not empty.*--force/,
    );
    assert.ok(existsSync(join(out, 'keep.txt')));
    await synthDataset({ out, sequences: 2, patches: 3, photos, force: true });
    assert.ok(!existsSync(join(out, 'keep.txt')) && existsSync(join(out, 'splits.json')));
  });

  it('reuses photos turned by quarter turns when asked for more sequences than photos', async () => {
    const out = join(work, 'many');
    const report = await synthDataset({ out, sequences: 5, patches: 3, seed: 4, photos });
    const names = report.sequences.map((s) => s.name);
    assert.equal(new Set(names).size, 5);
    assert.equal(names.filter((n) => /2$/.test(n)).length, 2);
  });
});
