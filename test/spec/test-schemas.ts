import { createSchemaSet } from '../../src/spec/schema-set.js';
import type { SchemaSet } from '../../src/spec/schema-set.js';

/**
 * A small, fixed schema set for unit tests, so they do not change when the real schemas grow: a root with
 * a discriminated union (`optimizer`), an undiscriminated anyOf (`layers` items), a string/object union
 * (`split`) and defaults at several depths.
 */
export function testSchemas(): SchemaSet {
  return createSchemaSet([
    {
      $id: 'experiment.schema.json',
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string' },
        description: { type: 'string' },
        seed: { type: 'integer', minimum: 0, default: 1234 },
        open: { type: 'object', description: 'anything goes (like a placeholder schema)' },
        blocks: { type: 'object', additionalProperties: { type: 'object' } },
        optimizer: { $ref: 'opt.schema.json' },
        layers: {
          type: 'array',
          items: { anyOf: [{ $ref: 'opt.schema.json#/$defs/layer' }, { $ref: '#/$defs/blockUse' }] },
        },
        split: {
          oneOf: [
            { enum: ['a', 'b'] },
            { type: 'object', additionalProperties: false, properties: { train: { type: 'array' } } },
          ],
        },
        sweep: { $ref: 'sweep.schema.json' },
      },
      $defs: {
        blockUse: {
          type: 'object',
          additionalProperties: false,
          required: ['block'],
          properties: { block: { type: 'string' }, repeat: { type: 'integer', default: 1 } },
        },
      },
    },
    {
      $id: 'opt.schema.json',
      type: 'object',
      required: ['type'],
      discriminator: { propertyName: 'type' },
      oneOf: [{ $ref: 'opt/sgd.schema.json' }, { $ref: 'opt/adam.schema.json' }],
      $defs: {
        layer: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'rate'],
          properties: { type: { const: 'dropout' }, rate: { type: 'number', maximum: 1 } },
        },
      },
    },
    {
      $id: 'opt/sgd.schema.json',
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { const: 'sgd' },
        lr: { type: 'number', exclusiveMinimum: 0, default: 0.01 },
        momentum: { type: 'number' },
      },
    },
    {
      $id: 'opt/adam.schema.json',
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { const: 'adam' },
        lr: { type: 'number', default: 0.001 },
        beta_1: { type: 'number', default: 0.9 },
      },
    },
    {
      $id: 'sweep.schema.json',
      type: 'object',
      additionalProperties: false,
      properties: {
        grid: { type: 'object', additionalProperties: { type: 'array', minItems: 1 } },
        zip: { type: 'object', additionalProperties: { type: 'array', minItems: 1 } },
      },
    },
  ]);
}
