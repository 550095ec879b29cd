import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { fit, type FitOptions } from '../../src/train/fit.js';
import { NonFiniteLossError } from '../../src/train/non-finite-loss.js';
import type { PairBatch } from '../../src/data/dataset.js';
import { memorySource, randomTriplets, regressionPairs, tinyModel, weightValues } from './memory-source.js';

function pairsOptions(overrides: Partial<FitOptions> = {}): FitOptions {
  return {
    stage: 'denoiser',
    model: tinyModel({ size: 4, out: 4, seed: 1 }),
    kind: 'pairs',
    train: regressionPairs({ seed: 1, steps: 4, n: 8 }),
    val: regressionPairs({ seed: 99, steps: 1, n: 8 }),
    loss: { type: 'mse' },
    optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 },
    epochs: 3,
    seed: 7,
    ...overrides,
  };
}

describe('fit', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('lowers the loss of a learnable regression and records every epoch', async () => {
    const steps: number[] = [];
    const result = await fit(pairsOptions({ epochs: 4, onStep: (s) => void steps.push(s.step) }));
    const h = result.history;
    assert.deepEqual(
      h.map((r) => r.epoch),
      [1, 2, 3, 4],
    );
    assert.ok(h[3].loss < h[0].loss / 2, `loss ${h[0].loss} → ${h[3].loss}`);
    assert.ok(h[3].valLoss! < h[0].valLoss!);
    assert.deepEqual(steps, [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
    for (const r of h) {
      assert.equal(r.lr, 0.05);
      assert.equal(r.samples, 32);
      assert.equal(r.steps, 4);
      assert.ok(r.seconds > 0 && r.samplesPerSecond > 0);
    }
    assert.equal(result.resumedFromEpoch, 0);
    assert.equal(result.stoppedEarly, false);
  });

  it('keeps the number of tensors flat across epochs', async () => {
    const counts: number[] = [];
    await fit(
      pairsOptions({
        model: tinyModel({ size: 4, out: 4, seed: 1, batchNorm: true, dropout: 0.5 }),
        optimizer: { type: 'adam' },
        epochs: 4,
        onEpoch: () => void counts.push(tf.memory().numTensors),
      }),
    );
    assert.deepEqual(counts.slice(1), [counts[0], counts[0], counts[0]], `tensors per epoch: ${counts}`);
  });

  it('updates batch-norm moving statistics during training, as Keras fit does', async () => {
    const model = tinyModel({ size: 4, out: 4, seed: 1, batchNorm: true });
    const movingMean = (): number[] =>
      Array.from(
        model
          .getWeights()
          .find((_, i) => model.weights[i].originalName.endsWith('moving_mean'))!
          .dataSync(),
      );
    const before = movingMean();
    await fit(pairsOptions({ model, epochs: 1 }));
    assert.notDeepEqual(movingMean(), before);
  });

  it('draws a new dropout mask at every step', async () => {
    // The same batch every step and a negligible rate: only the dropout mask can change the loss.
    const rng = regressionPairs({ seed: 3, steps: 1, n: 8 }).epoch(0);
    const [batch] = [...rng];
    const losses: number[] = [];
    await fit(
      pairsOptions({
        model: tinyModel({ size: 4, out: 4, seed: 1, dropout: 0.5 }),
        train: memorySource<PairBatch>(2, 4, () => [batch, batch, batch, batch]),
        val: undefined,
        optimizer: { type: 'sgd', lr: 1e-30 },
        epochs: 1,
        onStep: (s) => void losses.push(s.loss),
      }),
    );
    assert.equal(new Set(losses).size, 4, `step losses ${losses}`);
  });

  it('gives identical losses and weights for the same seed, and different ones for another seed', async () => {
    const once = async (seed: number) => {
      const model = tinyModel({ size: 4, out: 4, seed: 1, dropout: 0.3, batchNorm: true });
      const { history } = await fit(pairsOptions({ model, seed, optimizer: { type: 'adam', lr: 0.01 } }));
      return { losses: history.map((r) => [r.loss, r.valLoss]), weights: weightValues(model) };
    };
    const [a, b, c] = [await once(5), await once(5), await once(6)];
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.losses, c.losses);
  });

  it('trains one shared network on triplets', async () => {
    const model = tinyModel({ size: 4, out: 3, seed: 2 });
    const { history } = await fit({
      stage: 'descriptor',
      model,
      kind: 'triplets',
      train: randomTriplets({ seed: 1, steps: 4, n: 8 }),
      val: randomTriplets({ seed: 2, steps: 1, n: 8 }),
      loss: { type: 'triplet', margin: 1, distance: 'mean_squared' },
      optimizer: { type: 'sgd', lr: 0.1 },
      epochs: 3,
      seed: 1,
    });
    assert.ok(history[2].loss < history[0].loss, `loss ${history.map((r) => r.loss)}`);
    assert.equal(model.trainableWeights.length, 4);
  });

  it('fails with the stage, epoch and step when the loss becomes infinite or NaN', async () => {
    const err = await fit(pairsOptions({ optimizer: { type: 'sgd', lr: 1e12 } })).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof NonFiniteLossError, String(err));
    assert.match(
      err.message,
      /^stage "denoiser", epoch 1, step [2-4]: loss is (NaN|infinite) — lower the learning rate \(stages\.denoiser\.optimizer\.lr, 1000000000000 in this epoch\)/,
    );
    assert.equal(err.epoch, 1);
  });

  it('names the first step whose loss is NaN', async () => {
    const bad: PairBatch = { kind: 'pairs', n: 1, x: Float32Array.of(1, 2, NaN, 4), y: new Float32Array(4) };
    const good: PairBatch = { kind: 'pairs', n: 1, x: Float32Array.of(1, 2, 3, 4), y: new Float32Array(4) };
    const train = memorySource<PairBatch>(2, 3, (e) => (e === 0 ? [good, good, good] : [good, bad, good]));
    await assert.rejects(fit(pairsOptions({ train, val: undefined })), {
      name: 'NonFiniteLossError',
      message: /^stage "denoiser", epoch 2, step 2: loss is NaN — /,
    });
  });

  it("stops early and restores the best epoch's weights", async () => {
    // Training pulls outputs towards 2x − 1; validation wants the opposite sign, so it gets worse from epoch 2 on.
    const val = memorySource<PairBatch>(2, 1, () =>
      [...regressionPairs({ seed: 9, steps: 1, n: 8 }).epoch(0)].map((b) => ({
        ...b,
        y: b.y.map((v) => -v),
      })),
    );
    const run = async (restore: boolean) => {
      const model = tinyModel({ size: 4, out: 4, seed: 1 });
      const snapshots: number[][][] = [];
      const result = await fit(
        pairsOptions({
          model,
          val,
          epochs: 10,
          earlyStopping: { patience: 1, restore_best_weights: restore },
          onEpoch: () => void snapshots.push(weightValues(model)),
        }),
      );
      return { result, snapshots, final: weightValues(model) };
    };
    const restored = await run(true);
    const kept = await run(false);
    const best = restored.result.bestEpoch!;
    assert.equal(restored.result.stoppedEarly, true);
    assert.equal(restored.result.restoredBestWeights, true);
    assert.equal(restored.result.history.length, best + 1);
    assert.deepEqual(restored.final, restored.snapshots[best - 1]);
    assert.equal(kept.result.history.length, best + 1);
    assert.equal(kept.result.restoredBestWeights, false);
    assert.notDeepEqual(kept.final, restored.final);
  });

  it("applies the schedule's rate from the epoch after a plateau", async () => {
    const constant = memorySource<PairBatch>(2, 1, () => [
      ...regressionPairs({ seed: 4, steps: 1, n: 4 }).epoch(0),
    ]);
    const { history } = await fit(
      pairsOptions({
        val: constant,
        optimizer: { type: 'sgd', lr: 1e-30 },
        schedule: { type: 'reduce_on_plateau', factor: 0.5, patience: 1 },
        epochs: 4,
      }),
    );
    assert.deepEqual(
      history.map((r) => r.lr),
      [1e-30, 1e-30, 5e-31, 2.5e-31],
    );
  });

  it('refuses a loss of the wrong kind for the data, naming the stage', async () => {
    await assert.rejects(fit(pairsOptions({ loss: { type: 'triplet' } })), {
      message:
        'stage "denoiser": loss "triplet" takes triplets but the stage\'s data gives pairs; use mae/mse for pairs and triplet/hardnet for triplets',
    });
  });

  it('refuses to monitor val_loss without validation data', async () => {
    await assert.rejects(fit(pairsOptions({ val: undefined, earlyStopping: {} })), {
      message:
        /^stage "denoiser": early_stopping monitors val_loss but the stage has no validation data; add validation samples or set early_stopping\.monitor: loss$/,
    });
  });

  it('explains a model whose input does not fit the patches', async () => {
    await assert.rejects(fit(pairsOptions({ model: tinyModel({ size: 9, out: 4, seed: 1 }) })), {
      message: /^stage "denoiser": a sample has 4 values but model "\w+" takes 9 \(\[9\]\)/,
    });
  });

  it('stops at the next step when aborted', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = fit(
      pairsOptions({
        signal: controller.signal,
        onStep: (s) => {
          seen.push(s.step);
          if (s.step === 2) controller.abort();
        },
      }),
    );
    await assert.rejects(run, { name: 'AbortError' });
    assert.deepEqual(seen, [1, 2]);
  });
});
