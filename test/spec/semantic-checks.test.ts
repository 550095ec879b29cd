import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExperimentSpec } from '../../src/schema/generated/experiment.js';
import {
  checkEvaluationPipeline,
  checkInputTransforms,
  checkStageModels,
} from '../../src/spec/checks/stage-references.js';
import { checkRandomRanges, checkSweepPaths, checkZipLengths } from '../../src/spec/checks/sweep-paths.js';
import { SEMANTIC_CHECKS } from '../../src/spec/semantic-checks.js';
import { testSchemas } from './test-schemas.js';

const spec = (s: Record<string, unknown>): ExperimentSpec =>
  ({ name: 'x', ...s }) as unknown as ExperimentSpec;
const brief = (issues: { pointer: string; message: string; hint?: string }[]) =>
  issues.map((i) => `${i.pointer}  ${i.message}${i.hint ? `; ${i.hint}` : ''}`);

describe('semantic checks', () => {
  it('is an explicit list that includes the spec checks', () => {
    for (const c of [
      checkStageModels,
      checkInputTransforms,
      checkEvaluationPipeline,
      checkSweepPaths,
      checkZipLengths,
      checkRandomRanges,
    ]) {
      assert.ok(SEMANTIC_CHECKS.includes(c));
    }
  });

  it('reports a stage whose model is not defined, suggesting the nearest', () => {
    const s = spec({
      models: { denoiser: {} },
      stages: { a: { model: 'denoisr' }, b: { model: 'denoiser' } },
    });
    assert.deepEqual(brief(checkStageModels(s)), [
      '/stages/a/model  stage "a" trains model "denoisr", which is not defined under models; did you mean "denoiser"?',
    ]);
  });

  it('reads sections defensively when they are not the expected shape', () => {
    const odd = spec({ models: 3, stages: { a: 'text', b: null }, evaluation: { pipeline: 'all' } });
    for (const check of SEMANTIC_CHECKS) assert.deepEqual(check(odd, { schemas: testSchemas() }), []);
  });

  it('requires input_transform to name an earlier stage', () => {
    const s = spec({
      stages: {
        a: { input_transform: { stage: 'b' } },
        b: { input_transform: { stage: 'b' } },
        c: { input_transform: { stage: 'a' } },
      },
    });
    assert.deepEqual(brief(checkInputTransforms(s)), [
      '/stages/a/input_transform/stage  stage "b" runs after "a" (stages run in declaration order); the first stage has no earlier stage to take inputs from',
      '/stages/b/input_transform/stage  stage "b" cannot transform its inputs with itself; use an earlier stage: a',
    ]);
  });

  it('requires evaluation.pipeline entries to be stages', () => {
    const s = spec({ stages: { denoiser: {} }, evaluation: { pipeline: ['denoiser', 'descriptor'] } });
    assert.deepEqual(brief(checkEvaluationPipeline(s)), [
      '/evaluation/pipeline/1  evaluation.pipeline names stage "descriptor", which is not defined under stages; defined stages: denoiser',
    ]);
  });

  it('checks sweep paths against the schema, following the chosen variant', () => {
    const s = spec({
      optimizer: { type: 'sgd' },
      sweep: { grid: { 'optimizer.lr': [1], 'optimizer.beta_1': [0.5], 'open.any.thing': [1] } },
    });
    assert.deepEqual(brief(checkSweepPaths(s, { schemas: testSchemas() })), [
      '/sweep/grid/optimizer.beta_1  unknown path "optimizer.beta_1": optimizer has no key "beta_1"',
    ]);
  });

  it('reports a sweep path past the end of a list', () => {
    const s = spec({ layers: [{ type: 'dropout', rate: 0 }], sweep: { grid: { 'layers[3].rate': [0.5] } } });
    assert.deepEqual(brief(checkSweepPaths(s, { schemas: testSchemas() })), [
      '/sweep/grid/layers[3].rate  cannot reach "layers[3].rate": layers has 1 items; index 3 is past the end',
    ]);
  });

  it('requires zip lists of equal length and non-empty random ranges', () => {
    assert.equal(
      checkZipLengths(spec({ sweep: { zip: { a: [1, 2], b: [1] } } }))[0].code,
      'sweep/zip-length-mismatch',
    );
    assert.equal(
      checkRandomRanges(
        spec({ sweep: { random: { params: { a: { type: 'uniform', min: 1, max: 1 } } } } }),
      )[0].code,
      'sweep/empty-range',
    );
    assert.deepEqual(
      checkRandomRanges(spec({ sweep: { random: { params: { a: { type: 'int', min: 1, max: 1 } } } } })),
      [],
    );
  });
});
