import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { LEARNING_CURVES_FILE, writeLearningCurves } from '../../src/report/learning-curves-file.js';
import { history } from './trial-fixtures.js';

describe('writeLearningCurves', () => {
  it("writes the trial's learning-curves.png with a panel per stage", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'report-curves-'));
    try {
      const written = await writeLearningCurves(dir, {
        a: { history: history([[1, 2, 0.1]]) },
        b: { history: history([[1, 2, 0.1]]) },
      });
      assert.deepEqual(written, [join(dir, LEARNING_CURVES_FILE)]);
      const png = PNG.sync.read(await readFile(written[0]));
      assert.equal(png.height, 800);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('writes nothing when no stage recorded an epoch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'report-curves-'));
    try {
      assert.deepEqual(await writeLearningCurves(dir, { a: { history: [] } }), []);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
