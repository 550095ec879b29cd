import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModelWeights, saveModelWeights } from '../../src/train/model-weights.js';
import { tinyModel, weightValues } from './memory-source.js';

let root: string;

describe('model weights for the next stage', () => {
  before(async () => {
    await tf.setBackend('cpu');
    root = await mkdtemp(join(tmpdir(), 'trellis-weights-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads saved weights, batch-norm statistics included, into a freshly built network', async () => {
    const trained = tinyModel({ size: 4, out: 2, seed: 1, batchNorm: true });
    const dir = join(root, 'a');
    await saveModelWeights(trained, dir);
    const rebuilt = tinyModel({ size: 4, out: 2, seed: 2, batchNorm: true });
    assert.notDeepEqual(weightValues(rebuilt), weightValues(trained));
    await loadModelWeights(rebuilt, dir);
    assert.deepEqual(weightValues(rebuilt), weightValues(trained));
  });

  it('refuses weights of another shape, naming the file and both shapes', async () => {
    const dir = join(root, 'b');
    await saveModelWeights(tinyModel({ size: 4, out: 2, seed: 1 }), dir);
    await assert.rejects(loadModelWeights(tinyModel({ size: 9, out: 2, seed: 1 }), dir), {
      message: new RegExp(
        `^${dir}/weights.json: weight 0 \\(.*kernel\\) has shape 4×8 but the model's .*kernel is 9×8`,
      ),
    });
  });

  it('refuses a truncated weights file', async () => {
    const dir = join(root, 'c');
    await saveModelWeights(tinyModel({ size: 4, out: 2, seed: 1 }), dir);
    await writeFile(join(dir, 'weights.bin'), new Uint8Array(12));
    await assert.rejects(loadModelWeights(tinyModel({ size: 4, out: 2, seed: 1 }), dir), {
      message: /weights\.bin: 12 bytes, but its manifest describes 232; the file is truncated/,
    });
  });
});
