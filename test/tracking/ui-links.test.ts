import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { experimentUrl, runUrl } from '../../src/tracking/ui-links.js';

describe('UI links', () => {
  it('link to the model-training runs view without credentials', () => {
    assert.equal(
      experimentUrl('http://u:pw@h:5000/', '3'),
      'http://***@h:5000/#/experiments/3/runs?workflowType=machine_learning',
    );
    assert.equal(
      runUrl('http://h:5000', '3', 'abc'),
      'http://h:5000/#/experiments/3/runs/abc?workflowType=machine_learning',
    );
  });
});
