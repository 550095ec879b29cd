import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { HPATCHES_SPLITS, readDatasetSplits, resolveSplit } from '../../src/data/splits.js';
import { tempDir, removeTempDirs } from './tiny-dataset.js';

after(removeTempDirs);

describe('HPatches splits', () => {
  it('ships split a with the 76 train and 40 test sequences of the benchmark', () => {
    const a = HPATCHES_SPLITS.a;
    assert.equal(a.train?.length, 76);
    assert.equal(a.test.length, 40);
    assert.ok(a.test.includes('i_ajuntament') && a.train?.includes('v_graffiti'));
    assert.deepEqual(Object.keys(HPATCHES_SPLITS).sort(), ['a', 'b', 'c', 'full', 'illum', 'view']);
  });
});

describe('resolveSplit', () => {
  it('uses split a by default and keeps only the sequences the dataset has', () => {
    const s = resolveSplit({ split: undefined, available: ['i_ajuntament', 'v_graffiti', 'v_bark'] });
    assert.deepEqual(s.test, ['i_ajuntament']);
    assert.deepEqual([...s.train].sort(), ['v_bark', 'v_graffiti']);
    assert.equal(s.absent.length, 113);
  });

  it("prefers the dataset's own splits.json over the benchmark's", () => {
    const s = resolveSplit({
      split: 'a',
      available: ['i_x', 'v_y'],
      datasetSplits: { a: { name: 'a', train: ['v_y'], test: ['i_x'] } },
    });
    assert.deepEqual([s.train, s.test], [['v_y'], ['i_x']]);
  });

  it('fails with the fix when a named split matches none of the sequences', () => {
    assert.throws(
      () => resolveSplit({ split: 'a', available: ['i_x', 'v_y'] }),
      /split "a" names none of the dataset's 2 sequences.*add a splits.json.*train: \[\.\.\.\]/,
    );
  });

  it('lists the known splits for an unknown name', () => {
    assert.throws(
      () => resolveSplit({ split: 'd', available: ['i_x'] }),
      /split "d" is not defined; known splits: a, b, c, full, illum, view/,
    );
  });

  it('accepts explicit lists and names a sequence the dataset lacks, with a suggestion', () => {
    const s = resolveSplit({ split: { train: ['v_y'], test: ['i_x'] }, available: ['i_x', 'v_y'] });
    assert.deepEqual([s.name, s.train, s.test], ['custom', ['v_y'], ['i_x']]);
    assert.throws(
      () => resolveSplit({ split: { train: ['v_yy'], test: [] }, available: ['i_x', 'v_y'] }),
      /split.train: sequence "v_yy" is not in the dataset; did you mean "v_y"\?/,
    );
  });

  it('refuses a sequence listed on both sides', () => {
    assert.throws(
      () => resolveSplit({ split: { train: ['i_x'], test: ['i_x'] }, available: ['i_x'] }),
      /i_x listed in both train and test/,
    );
  });
});

describe('readDatasetSplits', () => {
  it('reads a splits.json in the benchmark format and reports a malformed one by file', async () => {
    const root = await tempDir();
    assert.equal(await readDatasetSplits(root), undefined);
    await writeFile(
      join(root, 'splits.json'),
      JSON.stringify({ a: { name: 'a', train: ['v_y'], test: ['i_x'] } }),
    );
    assert.deepEqual((await readDatasetSplits(root))?.a.test, ['i_x']);
    await writeFile(join(root, 'splits.json'), JSON.stringify({ a: { name: 'a', train: ['v_y'] } }));
    await assert.rejects(
      readDatasetSplits(root),
      (e: Error) =>
        e.message ===
        `${join(root, 'splits.json')}: split "a" needs a "test" list (and optionally "train") of sequence names`,
    );
  });
});
