import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFixed5 } from '../../../src/eval/hpatches/format-fixed.js';
import { exportDescriptors, readDescriptorFiles } from '../../../src/eval/hpatches/descriptor-files.js';
import { describeDataset } from '../../../src/eval/hpatches/descriptor-set.js';
import { makeDataset, names, quarterPixelDescriptor } from './small-dataset.js';

describe('formatFixed5', () => {
  it("writes what Python's '%10.5f' writes, ties rounded half to even", () => {
    // Right-hand sides printed by Python 3.11 ('%10.5f' % v).
    const cases: [number, string][] = [
      [0.015625, '   0.01562'],
      [-0.015625, '  -0.01562'],
      [0.046875, '   0.04688'],
      [1.5, '   1.50000'],
      [-0, '  -0.00000'],
      [0, '   0.00000'],
      [123.456789, ' 123.45679'],
      [-3.000004, '  -3.00000'],
      [-0.000001, '  -0.00000'],
      [2.5e-6, '   0.00000'],
      [1234567.123456, '1234567.12346'],
      [1 / 3, '   0.33333'],
      [-7.999995, '  -8.00000'],
    ];
    for (const [v, s] of cases) assert.equal(formatFixed5(v), s, String(v));
  });
});

describe('exportDescriptors and readDescriptorFiles', () => {
  it("write the benchmark's layout and read it back exactly", async () => {
    const dataset = makeDataset({ sequences: names(2, 3), patchSize: 4 });
    const set = await describeDataset({ dataset, describe: quarterPixelDescriptor });
    const dir = await mkdtemp(join(tmpdir(), 'trellis-desc-'));
    try {
      const root = await exportDescriptors({ descriptors: set, dir, name: 'px' });
      const text = await readFile(join(root, 'i_seq00', 't5.csv'), 'utf8');
      const rows = text.trimEnd().split('\n');
      assert.equal(rows.length, 3);
      assert.equal(rows[0].split(';').length, 16);
      assert.match(rows[0], /^ {0,4}\d+\.\d{5}(; {0,4}\d+\.\d{5}){15}$/);
      const back = await readDescriptorFiles({ dir: root });
      assert.equal(back.dim, 16);
      assert.deepEqual([...back.sequences.keys()], ['i_seq00', 'v_seq01']);
      assert.deepEqual(back.sequences.get('v_seq01')!.images.h3, set.sequences.get('v_seq01')!.images.h3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the missing file when a sequence folder is incomplete', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trellis-desc-'));
    try {
      await assert.rejects(
        readDescriptorFiles({ dir, sequences: ['i_x'] }),
        /i_x\/ref\.csv: missing; a descriptor folder needs all 16/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
