import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { GraphError, buildModel, registerCustomLayers } from '../../src/graph/index.js';
import { parseSpec } from './read-spec.js';

// A small descriptor-like net using blocks (scoped names with '/'), dropout, batch norm and l2_normalize.
const SPEC = parseSpec(
  `
name: build-test
include: [experiments/blocks/common.yaml]
models:
  net:
    input: [8, 8, 1]
    layers:
      - {block: conv_bn_relu, id: stem, filters: 4}
      - {block: res_identity, id: res, filters: 4, bottleneck: 2, repeat: 2}
      - {type: dropout, rate: 0.3}
      - {type: conv2d, filters: 6, kernel: 8, padding: valid, kernel_initializer: he_normal}
      - {type: flatten}
      - {type: l2_normalize, id: descriptor}
`,
);

const weightsOf = (m: tf.LayersModel): Float32Array[] =>
  m.getWeights().map((w) => w.dataSync() as Float32Array);

function input(): tf.Tensor {
  return tf.tensor4d(
    Array.from({ length: 2 * 64 }, (_, i) => ((i * 37) % 255) / 10),
    [2, 8, 8, 1],
  );
}

describe('buildModel', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('builds the same weights for the same seed and different ones for another seed', () => {
    const [a, b, c] = [1, 1, 2].map((seed) => buildModel(SPEC, 'net', { seed }));
    try {
      assert.deepEqual(weightsOf(a), weightsOf(b));
      assert.notDeepEqual(weightsOf(a), weightsOf(c));
    } finally {
      [a, b, c].forEach((m) => m.dispose());
    }
  });

  it('gives every layer the seeds of its own name, so adding a layer elsewhere does not change them', () => {
    const longer = structuredClone(SPEC);
    longer.models!.net!.layers.splice(2, 0, { type: 'activation', id: 'extra', activation: 'linear' });
    const a = buildModel(SPEC, 'net', { seed: 5 });
    const b = buildModel(longer, 'net', { seed: 5 });
    try {
      assert.deepEqual(
        a.getLayer('stem/conv2d_1').getWeights()[0].dataSync(),
        b.getLayer('stem/conv2d_1').getWeights()[0].dataSync(),
      );
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('outputs unit-length descriptors through l2_normalize', () => {
    const model = buildModel(SPEC, 'net', { seed: 1 });
    const y = model.predict(input()) as tf.Tensor;
    const norms = tf.norm(y, 'euclidean', -1).dataSync();
    for (const n of norms) assert.ok(Math.abs(n - 1) < 1e-5, `norm ${n}`);
    model.dispose();
  });

  it('round-trips through the tfjs save format with identical outputs, l2_normalize included', async () => {
    registerCustomLayers();
    const model = buildModel(SPEC, 'net', { seed: 11 });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const x = input();
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const after = (loaded.predict(x) as tf.Tensor).dataSync();
    assert.deepEqual(after, before);
    assert.deepEqual(
      loaded.layers.map((l) => l.name),
      model.layers.map((l) => l.name),
    );
    model.dispose();
    loaded.dispose();
  });

  it('refuses a model with problems, listing every issue', () => {
    const bad = structuredClone(SPEC);
    bad.models!.net!.layers.push(
      { type: 'add', inputs: ['stem', 'nowhere'] },
      { type: 'concat', inputs: ['descriptor', 'stem'] },
    );
    assert.throws(
      () => buildModel(bad, 'net'),
      (e: unknown) => {
        assert.ok(e instanceof GraphError);
        assert.deepEqual(
          e.issues.map((i) => i.code),
          ['graph/unknown-input', 'graph/shape-mismatch'],
        );
        assert.match(e.message, /\/models\/net\/layers\/6\/inputs\/1 {2}unknown input "nowhere"/);
        return true;
      },
    );
  });
});
