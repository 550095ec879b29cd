import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';

const load = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../schemas/${file}`, import.meta.url), 'utf8'));
const stage = load('stage.schema.json') as {
  $defs: Record<
    string,
    { properties?: Record<string, { default?: unknown; description?: string }>; required?: string[] }
  >;
};

function validator() {
  // Same options as src/spec/validate-schema.ts; the data schema is needed for the sampler reference.
  const ajv = new Ajv2020({
    strict: true,
    strictRequired: false,
    discriminator: true,
    allErrors: true,
    useDefaults: true,
  });
  ajv.addSchema(load('data.schema.json'));
  return ajv.compile(load('stage.schema.json'));
}

describe('stage schema', () => {
  it('gives every optional option of a loss, optimizer, schedule, early stopping and checkpoint a default (the trainer relies on it)', () => {
    const missing = Object.entries(stage.$defs).flatMap(([name, def]) =>
      Object.entries(def.properties ?? {})
        .filter(
          ([key, prop]) =>
            name !== 'loss' &&
            name !== 'optimizer' &&
            name !== 'schedule' &&
            !(def.required ?? []).includes(key) &&
            prop.default === undefined,
        )
        .map(([key]) => `${name}.${key}`),
    );
    assert.deepEqual(missing, []);
  });

  it('documents every option', () => {
    const undocumented = Object.entries(stage.$defs).flatMap(([name, def]) =>
      Object.entries(def.properties ?? {})
        .filter(([, p]) => !p.description)
        .map(([key]) => `${name}.${key}`),
    );
    assert.deepEqual(undocumented, []);
  });

  it("accepts the study's improved denoiser stage and fills in Keras defaults", () => {
    const validate = validator();
    const spec = {
      model: 'denoiser',
      data: { type: 'pairs', train_sequences: 3, val_sequences: 1 },
      loss: { type: 'mse' },
      optimizer: { type: 'adam', lr: 1e-3 },
      schedule: { type: 'reduce_on_plateau', factor: 0.2, min_lr: 1e-4, patience: 1 },
      early_stopping: { restore_best_weights: true },
      epochs: 20,
      batch_size: 50,
    };
    assert.equal(validate(spec), true, JSON.stringify(validate.errors));
    assert.deepEqual(spec.optimizer, { type: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    assert.equal((spec.schedule as Record<string, unknown>).monitor, 'val_loss');
  });

  it('rejects an unknown option of the chosen variant only', () => {
    const validate = validator();
    const ok = validate({
      model: 'd',
      data: { type: 'triplets' },
      loss: { type: 'triplet', margn: 1 },
      optimizer: { type: 'sgd' },
    });
    assert.equal(ok, false);
    assert.deepEqual(
      validate.errors!.map((e) => [e.instancePath, e.keyword, e.params]),
      [['/loss', 'additionalProperties', { additionalProperty: 'margn' }]],
    );
  });
});
