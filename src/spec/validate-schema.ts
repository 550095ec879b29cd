import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { SpecIssue } from '../diagnostics/issue.js';
import { ajvErrorsToIssues } from './ajv-issues.js';
import { applyDefaults } from './apply-defaults.js';
import { getAtPath, parsePointer } from './json-pointer.js';
import type { SchemaSet } from './schema-set.js';

const instances = new WeakMap<SchemaSet, Ajv2020>();

/** The validator for `ref` (default: the root schema) in a schema set; ajv compiles each once. */
function validatorFor(set: SchemaSet, ref: string): ValidateFunction {
  let ajv = instances.get(set);
  if (!ajv) {
    ajv = new Ajv2020({
      strict: true,
      // The generated layer union says `required: [type]` next to a discriminated oneOf, which ajv's
      // strictRequired rejects although the discriminator needs it; every other strict check stays on.
      strictRequired: false,
      discriminator: true,
      allErrors: true,
      verbose: true,
    });
    for (const schema of set.byId.values()) ajv.addSchema(schema);
    instances.set(set, ajv);
  }
  let validate: ValidateFunction | undefined;
  try {
    validate = ajv.getSchema(ref);
  } catch (err) {
    throw new Error(
      `the schemas under schemas/ do not compile in ajv strict mode: ${(err as Error).message}`,
    );
  }
  if (!validate) throw new Error(`no schema ${ref} under schemas/`);
  return validate;
}

export interface SchemaValidation {
  /** A new object: the input with schema defaults filled in (the input is never changed). */
  readonly value: unknown;
  readonly issues: SpecIssue[];
}

/**
 * Validates `value` against the root schema, or against `at.ref` with issue pointers prefixed by
 * `at.pointer` (for a part validated on its own, such as the blocks of a library).
 */
export function validateAgainstSchema(
  value: unknown,
  set: SchemaSet,
  at: { ref: string; pointer: string } = { ref: set.rootId, pointer: '' },
): SchemaValidation {
  const validate = validatorFor(set, at.ref);
  const copy = structuredClone(value);
  const ok = validate(copy);
  if (ok) {
    const isValid = (address: string, data: unknown): boolean => validatorFor(set, address)(data) as boolean;
    applyDefaults(copy, { $ref: at.ref }, set, isValid);
    return { value: copy, issues: [] };
  }
  const revalidate = (address: string, pointer: string): readonly ErrorObject[] => {
    const alternative = validatorFor(set, address);
    const original = structuredClone(getAtPath(value, parsePointer(pointer)));
    return alternative(original) ? [] : (alternative.errors ?? []);
  };
  const issues = ok ? [] : ajvErrorsToIssues(validate.errors ?? [], set, revalidate);
  return { value: copy, issues: issues.map((i) => ({ ...i, pointer: at.pointer + i.pointer })) };
}
