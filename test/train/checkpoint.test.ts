import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fit, type FitOptions } from '../../src/train/fit.js';
import type { EpochRecord } from '../../src/train/epoch-record.js';
import { randomTriplets, regressionPairs, tinyModel, weightValues } from './memory-source.js';

let root: string;
let count = 0;
const freshDir = (): string => join(root, `run-${count++}`);

/** Everything that must repeat exactly (timings excluded). */
const losses = (h: readonly EpochRecord[]) =>
  h.map((r) => ({ epoch: r.epoch, loss: r.loss, valLoss: r.valLoss, lr: r.lr }));

/** A stage with every kind of state: dropout, batch norm, Adam moments, plateau schedule, early stopping snapshots. */
function stage(model: tf.LayersModel, overrides: Partial<FitOptions> = {}): FitOptions {
  return {
    stage: 'denoiser',
    model,
    kind: 'pairs',
    train: regressionPairs({ seed: 1, steps: 3, n: 8 }),
    val: regressionPairs({ seed: 2, steps: 1, n: 8 }),
    loss: { type: 'mae' },
    optimizer: { type: 'adam', lr: 0.02 },
    schedule: { type: 'reduce_on_plateau', factor: 0.5, patience: 1, min_delta: 0.05 },
    earlyStopping: { patience: 3, restore_best_weights: true },
    epochs: 4,
    seed: 11,
    ...overrides,
  };
}

const build = (initSeed: number): tf.LayersModel =>
  tinyModel({ size: 4, out: 4, seed: initSeed, dropout: 0.25, batchNorm: true });

describe('checkpoints', () => {
  before(async () => {
    await tf.setBackend('cpu');
    root = await mkdtemp(join(tmpdir(), 'trellis-ckpt-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('resumes after 2 of 4 epochs with bitwise the same losses and weights as an uninterrupted run', async () => {
    const whole = build(1);
    const uninterrupted = await fit(stage(whole, { checkpointDir: freshDir() }));

    const dir = freshDir();
    await fit(stage(build(1), { checkpointDir: dir, epochs: 2 }));
    // A fresh model with other initial weights: everything must come from the checkpoint.
    const resumedModel = build(123);
    const seen: number[] = [];
    const resumed = await fit(
      stage(resumedModel, { checkpointDir: dir, onEpoch: (r) => void seen.push(r.epoch) }),
    );

    assert.equal(resumed.resumedFromEpoch, 2);
    assert.deepEqual(seen, [3, 4]);
    assert.deepEqual(losses(resumed.history), losses(uninterrupted.history));
    assert.deepEqual(weightValues(resumedModel), weightValues(whole));
  });

  it('resumes a run aborted in the middle of an epoch from its last complete epoch, with the same result', async () => {
    const whole = build(1);
    const uninterrupted = await fit(stage(whole, { loss: { type: 'mse' }, checkpointDir: freshDir() }));

    const dir = freshDir();
    const controller = new AbortController();
    const aborted = fit(
      stage(build(1), {
        loss: { type: 'mse' },
        checkpointDir: dir,
        signal: controller.signal,
        onStep: (s) => {
          if (s.epoch === 3 && s.step === 2) controller.abort();
        },
      }),
    );
    await assert.rejects(aborted, { name: 'AbortError' });
    const model = build(77);
    const resumed = await fit(stage(model, { loss: { type: 'mse' }, checkpointDir: dir }));
    assert.equal(resumed.resumedFromEpoch, 2);
    assert.deepEqual(losses(resumed.history), losses(uninterrupted.history));
    assert.deepEqual(weightValues(model), weightValues(whole));
  });

  it('resumes a triplet stage with SGD momentum exactly', async () => {
    const triplets = (model: tf.LayersModel, dir: string, epochs: number): FitOptions => ({
      stage: 'descriptor',
      model,
      kind: 'triplets',
      epochs,
      seed: 3,
      checkpointDir: dir,
      train: randomTriplets({ seed: 5, steps: 2, n: 6 }),
      val: randomTriplets({ seed: 6, steps: 1, n: 6 }),
      loss: { type: 'triplet' },
      optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true },
    });
    const whole = build(4);
    const a = await fit(triplets(whole, freshDir(), 3));
    const dir = freshDir();
    await fit(triplets(build(4), dir, 1));
    const model = build(5);
    const b = await fit(triplets(model, dir, 3));
    assert.deepEqual(losses(b.history), losses(a.history));
    assert.deepEqual(weightValues(model), weightValues(whole));
  });

  it('keeps one complete checkpoint folder, named by latest.json, and no temp folders', async () => {
    const dir = freshDir();
    await fit(stage(build(1), { checkpointDir: dir, epochs: 3 }));
    assert.deepEqual((await readdir(dir)).sort(), ['epoch-0003', 'latest.json']);
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8')), {
      format: 'trellis-checkpoint/1',
      epochs: 3,
      folder: 'epoch-0003',
    });
    assert.deepEqual((await readdir(join(dir, 'epoch-0003'))).sort(), [
      'best-weights.bin',
      'optimizer.bin',
      'state.json',
      'weights.bin',
    ]);
    const state = JSON.parse(await readFile(join(dir, 'epoch-0003', 'state.json'), 'utf8'));
    assert.equal(state.epochs, 3);
    assert.equal(state.history.length, 3);
    assert.equal(state.optimizer.iterations, 9);
  });

  it('keeps the newest `keepCheckpoints` epochs', async () => {
    const dir = freshDir();
    await fit(stage(build(1), { checkpointDir: dir, epochs: 4, keepCheckpoints: 2 }));
    assert.deepEqual((await readdir(dir)).sort(), ['epoch-0003', 'epoch-0004', 'latest.json']);
  });

  it('returns at once when the checkpoint already holds every epoch', async () => {
    const dir = freshDir();
    const first = await fit(stage(build(1), { checkpointDir: dir, epochs: 2 }));
    let steps = 0;
    const again = await fit(stage(build(9), { checkpointDir: dir, epochs: 2, onStep: () => void steps++ }));
    assert.equal(steps, 0);
    assert.deepEqual(losses(again.history), losses(first.history));
  });

  it('refuses to resume a checkpoint written with other settings, naming the folder to delete', async () => {
    const dir = freshDir();
    await fit(stage(build(1), { checkpointDir: dir, epochs: 1 }));
    await assert.rejects(fit(stage(build(1), { checkpointDir: dir, optimizer: { type: 'adam', lr: 0.5 } })), {
      message: new RegExp(
        `epoch-0001: this checkpoint was written by stage "denoiser" with other settings .*; delete ${dir} to train this stage afresh`,
      ),
    });
  });

  it('refuses a checkpoint of another network, naming the file', async () => {
    const dir = freshDir();
    await fit(stage(build(1), { checkpointDir: dir, epochs: 1 }));
    const other = tinyModel({ size: 4, out: 4, seed: 1, dropout: 0.25 });
    await assert.rejects(fit(stage(other, { checkpointDir: dir })), {
      message:
        /epoch-0001\/weights\.bin holds 8 weights but the model "\w+" has 4: it was saved from another network/,
    });
  });
});
