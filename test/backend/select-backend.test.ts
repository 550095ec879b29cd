import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  describeBackendSelection,
  parseBackendName,
  resolveBackendRequest,
  selectBackend,
  type BackendEnvironment,
} from '../../src/backend/select-backend.js';

/** An environment with the given packages "installed" and a GPU visible or not. */
function fakeEnvironment(opts: {
  installed?: string[];
  gpu?: boolean;
  imported?: string[];
}): BackendEnvironment {
  return {
    resolvePackage: (name) =>
      opts.installed?.includes(name) ? `/fake/node_modules/${name}/index.js` : undefined,
    importPackage: async (name) => {
      opts.imported?.push(name);
      return {}; // loads, but registers no 'tensorflow' back end: like a broken native build
    },
    findCudaGpu: () =>
      opts.gpu ? { visible: true, how: 'fake nvidia-smi' } : { visible: false, how: 'no fake GPU' },
  };
}

describe('selectBackend', () => {
  it('picks wasm under auto when no native package is installed, and says why', async () => {
    const selection = await selectBackend('auto', { env: fakeEnvironment({}) });
    assert.equal(selection.name, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.deepEqual(
      selection.tried.map((t) => [t.name, t.ok]),
      [
        ['tfjs-node-gpu', false],
        ['tfjs-node', false],
        ['wasm', true],
      ],
    );
    assert.match(selection.tried[0].why, /@tensorflow\/tfjs-node-gpu is not installed/);
    assert.match(
      describeBackendSelection(selection),
      /^backend: wasm \(auto: tfjs-node-gpu skipped .*wasm ok .*self-test passed/,
    );
  });

  it('does not load tfjs-node-gpu when no CUDA GPU is visible', async () => {
    const imported: string[] = [];
    const env = fakeEnvironment({ installed: ['@tensorflow/tfjs-node-gpu'], gpu: false, imported });
    const selection = await selectBackend('auto', { env, order: ['tfjs-node-gpu', 'cpu'] });
    assert.equal(selection.name, 'cpu');
    assert.deepEqual(imported, []);
    assert.match(selection.tried[0].why, /no CUDA GPU visible \(no fake GPU\)/);
  });

  it('moves on when a native package loads but its back end does not start', async () => {
    const imported: string[] = [];
    const env = fakeEnvironment({ installed: ['@tensorflow/tfjs-node'], imported });
    const selection = await selectBackend('auto', { env, order: ['tfjs-node', 'cpu'] });
    assert.deepEqual(imported, ['@tensorflow/tfjs-node']);
    assert.equal(selection.name, 'cpu');
    assert.match(selection.tried[0].why, /tensorflow/);
  });

  it('fails with the reason and a fix when a named back end cannot start', async () => {
    await assert.rejects(selectBackend('tfjs-node', { env: fakeEnvironment({}) }), (e: Error) => {
      assert.match(
        e.message,
        /backend 'tfjs-node' could not be started \(tfjs-node: @tensorflow\/tfjs-node is not installed/,
      );
      assert.match(e.message, /use backend: auto/);
      return true;
    });
  });

  it('starts the cpu back end when asked for it', async () => {
    const selection = await selectBackend('cpu', { env: fakeEnvironment({}) });
    assert.equal(selection.name, 'cpu');
    assert.equal(selection.tfjsName, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
  });
});

describe('resolveBackendRequest', () => {
  it('prefers the flag, then TRELLIS_BACKEND, then the spec, then auto', () => {
    const env = { TRELLIS_BACKEND: 'cpu' };
    assert.deepEqual(resolveBackendRequest({ flag: 'wasm', env, spec: 'tfjs-node' }), {
      requested: 'wasm',
      source: 'flag',
    });
    assert.deepEqual(resolveBackendRequest({ env, spec: 'tfjs-node' }), {
      requested: 'cpu',
      source: 'TRELLIS_BACKEND',
    });
    assert.deepEqual(resolveBackendRequest({ env: {}, spec: 'tfjs-node' }), {
      requested: 'tfjs-node',
      source: 'spec',
    });
    assert.deepEqual(resolveBackendRequest({}), { requested: 'auto', source: 'default' });
  });

  it('names the variable and the allowed values for an unknown back end', () => {
    assert.throws(() => resolveBackendRequest({ env: { TRELLIS_BACKEND: 'gpu' } }), {
      message:
        'TRELLIS_BACKEND: unknown back end "gpu"; use one of auto, tfjs-node-gpu, tfjs-node, wasm, cpu',
    });
    assert.throws(() => parseBackendName('wsam', '--backend'), /--backend: unknown back end "wsam"/);
  });
});
