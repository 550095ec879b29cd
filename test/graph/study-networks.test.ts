import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel, checkGraph, planModel } from '../../src/graph/index.js';
import { readSpec } from './read-spec.js';

const dir = 'experiments/noisy-hpatches';

// The study's exact parameter counts (shared/notes/noisy-hpatches-study.md §1–2).
const STUDY = [
  { file: 'baseline-denoiser', model: 'denoiser', trainable: 59_777, nonTrainable: 0 },
  { file: 'baseline-descriptor', model: 'descriptor', trainable: 1_336_032, nonTrainable: 896 },
  { file: 'improved-denoiser', model: 'denoiser', trainable: 15_324_097, nonTrainable: 0 },
  { file: 'improved-descriptor', model: 'descriptor', trainable: 1_324_656, nonTrainable: 1_088 },
] as const;

const weightCount = (ws: readonly tf.LayerVariable[]): number =>
  ws.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);

describe('the study networks', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  for (const s of STUDY) {
    it(`plans ${s.file} with exactly ${s.trainable} trainable + ${s.nonTrainable} non-trainable parameters`, () => {
      const spec = readSpec(`${dir}/${s.file}.yaml`);
      assert.deepEqual(checkGraph(spec), []);
      const plan = planModel(spec, s.model);
      assert.equal(plan.totals.trainable, s.trainable);
      assert.equal(plan.totals.nonTrainable, s.nonTrainable);
      assert.deepEqual(plan.rows[0].outputShape, [32, 32, 1]);
      const out = plan.rows[plan.rows.length - 1].outputShape;
      assert.deepEqual(out, s.model === 'denoiser' ? [32, 32, 1] : [128]);
    });

    // The 15M U-Net is built once, here; the others are small.
    it(`builds ${s.file} as a tfjs model whose weights and per-layer shapes match the plan`, () => {
      const spec = readSpec(`${dir}/${s.file}.yaml`);
      const plan = planModel(spec, s.model);
      const model = buildModel(spec, s.model, { seed: 7 });
      try {
        assert.equal(weightCount(model.trainableWeights), s.trainable);
        assert.equal(weightCount(model.nonTrainableWeights), s.nonTrainable);
        assert.equal(model.countParams(), s.trainable + s.nonTrainable);
        for (const row of plan.rows) {
          const layer = model.getLayer(row.name);
          assert.deepEqual(layer.outputShape, [null, ...row.outputShape], row.name);
          assert.equal(layer.countParams(), row.trainable + row.nonTrainable, row.name);
        }
      } finally {
        model.dispose();
      }
    });
  }

  it('exposes the improved descriptor intro filters as a block parameter (the study sweeps 8/16/32)', () => {
    const spec = readSpec(`${dir}/improved-descriptor.yaml`);
    const counts = [8, 16, 32].map((intro_filters) => {
      const models = {
        descriptor: {
          ...spec.models!.descriptor!,
          layers: [{ block: 'improved_descriptor', intro_filters }],
        },
      };
      return planModel({ ...spec, models } as unknown as typeof spec, 'descriptor').totals;
    });
    assert.equal(counts[1].trainable, 1_324_656);
    // Intro convs: 9·f + f + 9·f·f + f, their BN 4·f, and the branch inputs 1·1·f·32 + 9·f·8 (conv params are kh·kw·C_in·C_out + bias).
    const introParams = (f: number): number => 10 * f + 9 * f * f + f + 2 * 2 * f + 32 * f + 72 * f;
    assert.equal(counts[0].trainable - counts[1].trainable, introParams(8) - introParams(16));
    assert.equal(counts[2].nonTrainable - counts[1].nonTrainable, 2 * 2 * (32 - 16));
  });
});
