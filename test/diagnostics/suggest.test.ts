import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suggest } from '../../src/diagnostics/suggest.js';

describe('suggest', () => {
  it('suggests the closest name for a typo, a swap or a case difference', () => {
    assert.equal(suggest('optimzer', ['optimizer', 'schedule']), 'did you mean "optimizer"?');
    assert.equal(suggest('nmae', ['name', 'seed']), 'did you mean "name"?');
    assert.equal(suggest('Seed', ['seed']), 'did you mean "seed"?');
  });

  it('stays quiet when nothing is close', () => {
    assert.equal(suggest('colour', ['name', 'seed', 'models']), undefined);
    assert.equal(suggest('c', ['a', 'b']), undefined);
    assert.equal(suggest('x', []), undefined);
  });
});
