import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addNoise, levelOf, resolveNoiseModel } from '../../src/data/noise-model.js';

const clean = { count: 50, data: new Uint8Array(50 * 64).fill(128) };

function std(data: Uint8Array): number {
  let s = 0;
  for (const v of data) s += (v - 128) ** 2;
  return Math.sqrt(s / data.length);
}

describe('noise model', () => {
  it('maps ref and e to easy, h to hard, t to tough', () => {
    assert.deepEqual(
      ['ref', 'e3', 'h1', 't5'].map((t) => levelOf(t as never)),
      ['easy', 'easy', 'hard', 'tough'],
    );
  });

  it('draws σ within the level range (no salt-and-pepper)', () => {
    const model = resolveNoiseModel({ salt_pepper: { easy: 0, hard: 0, tough: 0 } });
    const e = std(addNoise({ clean, patchSize: 8, model, sequence: 's', type: 'e1' }).data);
    const t = std(addNoise({ clean, patchSize: 8, model, sequence: 's', type: 't1' }).data);
    assert.ok(e > 5 && e < 10, `easy σ ${e}`);
    assert.ok(t > 20 && t < 30, `tough σ ${t}`);
  });

  it('depends only on (seed, sequence, type)', () => {
    const model = resolveNoiseModel({ seed: 3 });
    const a = addNoise({ clean, patchSize: 8, model, sequence: 's', type: 'h2' });
    assert.deepEqual(a.data, addNoise({ clean, patchSize: 8, model, sequence: 's', type: 'h2' }).data);
    assert.notDeepEqual(a.data, addNoise({ clean, patchSize: 8, model, sequence: 't', type: 'h2' }).data);
  });

  it('refuses a σ range written the wrong way round', () => {
    assert.throws(
      () => resolveNoiseModel({ sigma: { hard: [20, 10] } }),
      /noise.sigma.hard: \[20, 10\] is not a \[min, max\] range/,
    );
  });
});

describe('salt-and-pepper noise', () => {
  it('sets about the declared fraction of pixels to 0 or 255', () => {
    const model = resolveNoiseModel({ sigma: { easy: [0, 0], hard: [0, 0], tough: [0, 0] } });
    const out = addNoise({ clean, patchSize: 8, model, sequence: 's', type: 't3' }).data;
    const hits = out.filter((v) => v === 0 || v === 255).length / out.length;
    assert.ok(Math.abs(hits - 0.02) < 0.006, String(hits));
    assert.ok(out.every((v) => v === 0 || v === 255 || v === 128));
  });
});
