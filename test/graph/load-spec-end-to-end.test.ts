import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { planModel } from '../../src/graph/index.js';
import { loadSpec, locate } from '../../src/spec/index.js';

const fixtures = 'test/fixtures/bad-graphs';

describe('graph checks through loadSpec', () => {
  it('loads the four study specs with their block libraries and plans the exact counts', async () => {
    const expected: Record<string, [string, number, number]> = {
      'baseline-denoiser': ['denoiser', 59_777, 0],
      'baseline-descriptor': ['descriptor', 1_336_032, 896],
      'improved-denoiser': ['denoiser', 15_324_097, 0],
      'improved-descriptor': ['descriptor', 1_324_656, 1_088],
    };
    for (const [file, [model, trainable, nonTrainable]] of Object.entries(expected)) {
      const loaded = await loadSpec(`experiments/noisy-hpatches/${file}.yaml`);
      assert.deepEqual(loaded.issues, [], file);
      const { totals } = planModel(loaded.spec, model);
      assert.deepEqual([totals.trainable, totals.nonTrainable], [trainable, nonTrainable], file);
    }
  });

  it('reports every wiring fixture with its expected issues, each located at a line of the spec or its library', async () => {
    let compared = 0;
    for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.yaml'))) {
      const loaded = await loadSpec(join(fixtures, file));
      const expected = JSON.parse(readFileSync(join(fixtures, file.replace(/\.yaml$/, '.expected')), 'utf8'));
      if (loaded.issues.some((i) => !i.code.startsWith('graph/'))) continue; // caught earlier by the schema (e.g. an unknown type)
      assert.deepEqual(loaded.issues, expected, file);
      compared++;
      for (const issue of loaded.issues) {
        for (const pointer of [issue.pointer, ...(issue.related ?? [])]) {
          const at = locate(loaded.sourceMap, pointer);
          assert.ok(
            at && at.line > 0 && loaded.files.includes(at.file),
            `${file}: ${pointer} has no position`,
          );
        }
      }
    }
    assert.ok(compared >= 10, `only ${compared} fixtures reached the graph checks`);
  });

  it('points a cycle at the inputs entry that closes it, by line and column', async () => {
    const loaded = await loadSpec(join(fixtures, 'cycle.yaml'));
    const at = locate(loaded.sourceMap, loaded.issues[0].pointer)!;
    const line = readFileSync(join(fixtures, 'cycle.yaml'), 'utf8').split('\n')[at.line - 1];
    assert.equal(line.slice(at.col - 1, at.col - 1 + 'conv4'.length), 'conv4');
  });
});
