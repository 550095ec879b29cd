import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planStages as plan } from '../../src/pipeline/plan-stages.js';

// Stage configs here carry only what the keys depend on; the function reads them as resolved specs.
const planStages = (spec: unknown, version: string) => plan(spec as Parameters<typeof plan>[0], version);

const spec = {
  seed: 1,
  data: { source: { type: 'synth' } },
  models: { den: { layers: [1] }, desc: { layers: [2] } },
  stages: {
    denoiser: { model: 'den', epochs: 1 },
    descriptor: { model: 'desc', input_transform: { stage: 'denoiser', postprocess: 'clip_round' as const }, lr: 0.1 },
  },
};

test('orders stages as declared and links the descriptor to the denoiser', () => {
  const plans = planStages(spec, '0.1.0');
  assert.deepEqual(plans.map((p) => [p.name, p.inputStage, p.postprocess]), [
    ['denoiser', undefined, 'none'],
    ['descriptor', 'denoiser', 'clip_round'],
  ]);
});

test('a descriptor grid over one denoiser shares the denoiser key and not the descriptor key', () => {
  const a = planStages(spec, '0.1.0');
  const b = planStages({ ...spec, stages: { ...spec.stages, descriptor: { ...spec.stages.descriptor, lr: 0.01 } } }, '0.1.0');
  assert.equal(a[0].key, b[0].key);
  assert.notEqual(a[1].key, b[1].key);
});

test('changing the denoiser changes the key of the descriptor trained on its output', () => {
  const a = planStages(spec, '0.1.0');
  const b = planStages({ ...spec, stages: { ...spec.stages, denoiser: { model: 'den', epochs: 2 } } }, '0.1.0');
  assert.notEqual(a[0].key, b[0].key);
  assert.notEqual(a[1].key, b[1].key);
});
