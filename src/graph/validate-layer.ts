import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Layer } from '../schema/generated/experiment.js';
import { LAYER_TYPES } from '../schema/generated/layer-types.js';
import type { LayerType } from '../schema/generated/layer-types.js';
import { readSchemaFiles } from '../spec/load-schemas.js';
import { suggest as suggestName } from '../diagnostics/suggest.js';

let validators: Map<string, ValidateFunction> | undefined;

/** One compiled validator per layer type; they fill schema defaults into the object they check. */
function layerValidators(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const ajv = new Ajv2020({ verbose: true, allErrors: true, useDefaults: true, discriminator: true });
  // Only what layer schemas refer to: model.schema.json's shared $defs and the layer union.
  const wanted = (id: string): boolean =>
    id === 'layer.schema.json' || id === 'model.schema.json' || id.startsWith('layers/');
  for (const schema of readSchemaFiles()) if (wanted(String(schema.$id))) ajv.addSchema(schema);
  validators = new Map(LAYER_TYPES.map((t) => [t, ajv.getSchema(`layers/${t}.schema.json`)!]));
  return validators;
}

export interface LayerProblem {
  readonly code: string;
  /** Pointer suffix inside the layer object ('' for the layer itself). */
  readonly at: string;
  readonly message: string;
  readonly hint?: string;
}

export type ValidatedLayer = { ok: true; layer: Layer } | { ok: false; problems: LayerProblem[] };

function describe(type: string, e: ErrorObject, value: unknown): LayerProblem {
  const key = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const found = value === undefined ? '' : ` (found ${JSON.stringify(value)})`;
  if (e.keyword === 'additionalProperties') {
    const extra = String((e.params as { additionalProperty: string }).additionalProperty);
    const props = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
    return {
      code: 'graph/invalid-layer',
      at: `${e.instancePath}/${extra}`,
      message: `${type} has no key "${extra}"`,
      hint: suggestName(extra, props) ?? `known keys: ${props.join(', ')}`,
    };
  }
  if (e.keyword === 'required') {
    const missing = String((e.params as { missingProperty: string }).missingProperty);
    return { code: 'graph/invalid-layer', at: e.instancePath, message: `${type} needs "${missing}"` };
  }
  return {
    code: 'graph/invalid-layer',
    at: e.instancePath,
    message: `${type}${key ? `.${key}` : ''} ${e.message}${found}`,
  };
}

function valueAt(root: unknown, path: string): unknown {
  return path
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (v, k) =>
        v && typeof v === 'object'
          ? (v as Record<string, unknown>)[k.replace(/~1/g, '/').replace(/~0/g, '~')]
          : undefined,
      root,
    );
}

/**
 * Checks one layer object against its type's schema and returns a copy with the schema defaults
 * filled in (the single place defaults come from), or every problem found.
 */
export function validateLayer(raw: Record<string, unknown>): ValidatedLayer {
  const type = raw.type;
  if (typeof type !== 'string' || !(LAYER_TYPES as readonly string[]).includes(type)) {
    return {
      ok: false,
      problems: [
        {
          code: 'graph/unknown-layer-type',
          at: '/type',
          message: `unknown layer type ${JSON.stringify(type)}`,
          hint:
            (typeof type === 'string' && suggestName(type, LAYER_TYPES)) ||
            `known types: ${LAYER_TYPES.join(', ')}`,
        },
      ],
    };
  }
  const copy = structuredClone(raw);
  const validate = layerValidators().get(type as LayerType)!;
  if (validate(copy)) return { ok: true, layer: copy as unknown as Layer };
  // oneOf reports a failure per branch: keep the deepest, most specific errors.
  const all = validate.errors ?? [];
  const errors = all.filter(
    (e) =>
      (e.keyword !== 'oneOf' || all.length === 1) &&
      !(e.keyword === 'type' && all.some((o) => o.instancePath.startsWith(e.instancePath + '/'))),
  );
  const seen = new Set<string>();
  const problems = errors
    .map((e) => describe(type, e, valueAt(raw, e.instancePath)))
    .filter((p) => {
      const k = p.at + p.message;
      return seen.has(k) ? false : (seen.add(k), true);
    });
  return { ok: false, problems };
}
