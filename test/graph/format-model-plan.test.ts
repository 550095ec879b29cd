import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatModelPlan, planModel } from '../../src/graph/index.js';
import { parseSpec } from './read-spec.js';

describe('formatModelPlan', () => {
  const spec = parseSpec(`
name: t
models:
  small:
    input: [8, 8, 1]
    layers:
      - {type: conv2d, id: conv, filters: 4, kernel: 3, padding: same}
      - {type: batch_norm, id: bn}
      - {type: global_avg_pool, id: pool}
`);
  const text = formatModelPlan(planModel(spec, 'small'));
  const lines = text.split('\n');

  it('prints one row per layer with shape, trainable, non-trainable parameters and FLOPs', () => {
    // conv: 9·1·4 + 4 = 40 params, 2·9·1·256 + 256 FLOPs; bn: 8 trainable, 8 moving statistics.
    assert.match(text, /^conv\s+conv2d\s+\[8,8,4\]\s+40\s+0\s+4864$/m);
    assert.match(text, /^bn\s+batch_norm\s+\[8,8,4\]\s+8\s+8\s+512$/m);
    assert.match(text, /^pool\s+global_avg_pool\s+\[4\]\s+0\s+0\s+256$/m);
  });

  it('ends with the totals, aligned under the columns', () => {
    assert.match(text, /^total\s+48\s+8\s+5632$/m);
    const header = lines.find((l) => l.startsWith('layer'))!;
    const total = lines.find((l) => l.startsWith('total'))!;
    assert.equal(total.length, header.length);
    assert.match(
      lines[0],
      /^model small: 56 parameters \(48 trainable \+ 8 non-trainable\), 5632 FLOPs per sample$/,
    );
  });
});
