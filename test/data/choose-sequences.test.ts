import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseSequences } from '../../src/data/choose-sequences.js';

const FROM = ['v_a', 'v_b', 'i_c', 'i_d', 'v_e'];

describe('chooseSequences', () => {
  it('draws k distinct sequences, the same for the same seed and label', () => {
    const a = chooseSequences({ choice: 3, from: FROM, seed: 1, label: 'denoiser/train' });
    assert.equal(new Set(a).size, 3);
    assert.ok(a.every((s) => FROM.includes(s)));
    assert.deepEqual(
      a,
      chooseSequences({ choice: 3, from: [...FROM].reverse(), seed: 1, label: 'denoiser/train' }),
    );
  });

  it('returns every sequence for all (or when unset) and an explicit list as given', () => {
    assert.deepEqual(chooseSequences({ choice: 'all', from: FROM, seed: 0, label: 'x' }), FROM);
    assert.deepEqual(chooseSequences({ choice: undefined, from: FROM, seed: 0, label: 'x' }), FROM);
    assert.deepEqual(chooseSequences({ choice: ['i_d', 'v_a'], from: FROM, seed: 0, label: 'x' }), [
      'i_d',
      'v_a',
    ]);
  });

  it('reports a count larger than the split side and a name not on it', () => {
    assert.throws(
      () => chooseSequences({ choice: 6, from: FROM, seed: 0, label: 'denoiser/val_sequences' }),
      /denoiser\/val_sequences: asks for 6 sequences, but the split side has 5/,
    );
    assert.throws(
      () => chooseSequences({ choice: ['v_aa'], from: FROM, seed: 0, label: 'd' }),
      /sequence "v_aa" is not on this side of the split; did you mean "v_a"\?/,
    );
  });
});
