import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSchemaSet } from '../../src/spec/schema-set.js';
import { validateAgainstSchema } from '../../src/spec/validate-schema.js';
import { testSchemas } from './test-schemas.js';

const schemas = testSchemas();
const check = (value: unknown) => validateAgainstSchema(value, schemas);
const brief = (value: unknown) =>
  check(value).issues.map((i) => `${i.pointer}  ${i.message}${i.hint ? `; ${i.hint}` : ''}`);

describe('validateAgainstSchema', () => {
  it('fills in defaults on a copy and leaves the input alone', () => {
    const input = { name: 'x', optimizer: { type: 'adam' } };
    const { value, issues } = check(input);
    assert.deepEqual(issues, []);
    assert.deepEqual(value, { name: 'x', seed: 1234, optimizer: { type: 'adam', lr: 0.001, beta_1: 0.9 } });
    assert.deepEqual(input, { name: 'x', optimizer: { type: 'adam' } });
  });

  it('takes defaults only from the union alternative the value matches', () => {
    const { value } = check({ name: 'x', layers: [{ type: 'dropout', rate: 0.5 }, { block: 'b' }] });
    assert.deepEqual((value as { layers: unknown }).layers, [
      { type: 'dropout', rate: 0.5 },
      { block: 'b', repeat: 1 },
    ]);
  });

  it('suggests the nearest allowed key for an unknown key', () => {
    assert.deepEqual(brief({ name: 'x', sede: 1 }), ['/sede  unknown key "sede"; did you mean "seed"?']);
  });

  it('lists the allowed keys when none is close', () => {
    assert.deepEqual(brief({ name: 'x', optimizer: { type: 'adam', zzz: 1 } }), [
      '/optimizer/zzz  unknown key "zzz"; allowed keys: type, lr, beta_1',
    ]);
  });

  it('reports only the chosen variant of a discriminated union', () => {
    assert.deepEqual(brief({ name: 'x', optimizer: { type: 'sgd', lr: 0, beta_1: 0.9 } }), [
      '/optimizer/beta_1  unknown key "beta_1"; allowed keys: type, lr, momentum',
      '/optimizer/lr  must be > 0, found 0',
    ]);
  });

  it('suggests the nearest value for an unknown discriminator value', () => {
    assert.deepEqual(brief({ name: 'x', optimizer: { type: 'adma' } }), [
      '/optimizer/type  unknown type "adma"; did you mean "adam"?',
    ]);
  });

  it('says what is expected and what was found for a wrong type and a missing key', () => {
    assert.deepEqual(brief({ seed: 'many' }), [
      '  missing required key "name"',
      '/seed  expected an integer, found "many"',
    ]);
  });

  it('picks the alternative of an undiscriminated union the value was meant for', () => {
    assert.deepEqual(
      brief({
        name: 'x',
        layers: [
          { type: 'dropout', rte: 0.5 },
          { block: 'b', repaet: 2 },
        ],
      }),
      [
        '/layers/0  missing required key "rate"',
        '/layers/0/rte  unknown key "rte"; did you mean "rate"?',
        '/layers/1/repaet  unknown key "repaet"; did you mean "repeat"?',
      ],
    );
  });

  it('replaces the errors of a union whose shapes all differ from the value with one message', () => {
    assert.deepEqual(brief({ name: 'x', split: 'c' }), [
      '/split  expected "a" or "b" or a mapping, found "c"',
    ]);
    assert.deepEqual(brief({ name: 'x', split: { trian: [] } }), [
      '/split/trian  unknown key "trian"; did you mean "train"?',
    ]);
  });
});

describe('validateAgainstSchema with other keywords', () => {
  it('names the key a dependentRequired rule asks for', () => {
    const set = createSchemaSet([
      {
        $id: 'experiment.schema.json',
        type: 'object',
        properties: { min: { type: 'number' }, max: { type: 'number' } },
        dependentRequired: { min: ['max'] },
      },
    ]);
    const { issues } = validateAgainstSchema({ min: 1 }, set);
    assert.deepEqual(
      issues.map((i) => `${i.pointer}  ${i.message}`),
      ['  missing key "max", required when "min" is given'],
    );
  });
});
