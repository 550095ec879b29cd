import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExperimentSpec } from '../../src/schema/generated/experiment.js';
import { obtainStage } from '../../src/pipeline/stage-cache.js';
import { planStages } from '../../src/pipeline/plan-stages.js';
import { stageOutlook } from '../../src/pipeline/stage-outlook.js';

const spec = (lr: number) =>
  ({
    name: 'exp',
    seed: 1,
    data: { source: { type: 'synth' } },
    models: { d: { input: [32, 32, 1], layers: [] }, e: { input: [32, 32, 1], layers: [] } },
    stages: {
      denoiser: { model: 'd', data: { type: 'pairs' }, loss: { type: 'mae' }, optimizer: { type: 'sgd' } },
      descriptor: { model: 'e', input_transform: { stage: 'denoiser' }, data: { type: 'triplets' }, loss: { type: 'triplet' }, optimizer: { type: 'sgd', lr } },
    },
  }) as unknown as ExperimentSpec;

test('a descriptor grid trains the shared denoiser once and reports cached stages with earlier timings', async () => {
  const root = await mkdtemp(join(tmpdir(), 'outlook-'));
  const trials = [0.1, 0.01].map((lr, i) => ({ id: `t${i}`, spec: spec(lr) }));
  let outlook = await stageOutlook({ trials, cacheRoot: root, version: '1' });
  assert.deepEqual(outlook.get('t0')!.map((s) => s.fate), ['train', 'train']);
  assert.deepEqual(outlook.get('t1')!.map((s) => s.fate), ['shared', 'train']);

  const denoiserKey = planStages(trials[0].spec, '1')[0].key;
  await obtainStage({ root, key: denoiserKey, describe: { stage: 'denoiser', experiment: 'exp' }, produce: async () => ({ trainSeconds: 42 }) });
  outlook = await stageOutlook({ trials: [{ id: 't2', spec: spec(0.5) }], cacheRoot: root, version: '1' });
  assert.deepEqual(outlook.get('t2')!.map((s) => [s.stage, s.fate]), [['denoiser', 'cached'], ['descriptor', 'train']]);
});
