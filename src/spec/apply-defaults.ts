import { isPlainObject } from './json-pointer.js';
import { alternativeAddress, deref } from './schema-set.js';
import type { JsonSchema, SchemaSet } from './schema-set.js';

/** Whether `data` is valid against the schema at `address` (`<$id>#<pointer>`). */
export type IsValid = (address: string, data: unknown) => boolean;

/**
 * Fills in schema defaults, in place, on a value that passed validation. Unlike ajv's useDefaults, which
 * writes the defaults of every oneOf / anyOf alternative it tries (a layer would get a block use's
 * `repeat`), only the alternative the value matches contributes: the one named by its discriminator tag,
 * else the first one it is valid against.
 */
export function applyDefaults(
  value: unknown,
  schema: JsonSchema,
  set: SchemaSet,
  isValid: IsValid,
  depth = 0,
): void {
  if (depth > 64) return;
  const s = deref(set, schema);
  for (const part of Array.isArray(s.allOf) ? (s.allOf as JsonSchema[]) : [])
    applyDefaults(value, part, set, isValid, depth + 1);
  const union = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
  if (Array.isArray(union)) {
    const chosen = chooseAlternative(value, s, union, set, isValid);
    if (chosen) applyDefaults(value, chosen, set, isValid, depth + 1);
  }
  if (isPlainObject(value)) {
    const props = (s.properties ?? {}) as Record<string, JsonSchema>;
    for (const [key, sub] of Object.entries(props)) {
      const target = deref(set, sub);
      if (value[key] === undefined && target.default !== undefined)
        value[key] = structuredClone(target.default);
    }
    for (const [key, v] of Object.entries(value)) {
      const sub =
        props[key] ??
        patternSchema(s, key) ??
        (isPlainObject(s.additionalProperties) ? (s.additionalProperties as JsonSchema) : undefined);
      if (sub) applyDefaults(v, sub, set, isValid, depth + 1);
    }
  } else if (Array.isArray(value)) {
    const prefix = (s.prefixItems ?? []) as JsonSchema[];
    value.forEach((item, i) => {
      const sub = prefix[i] ?? (isPlainObject(s.items) ? (s.items as JsonSchema) : undefined);
      if (sub) applyDefaults(item, sub, set, isValid, depth + 1);
    });
  }
}

function patternSchema(s: JsonSchema, key: string): JsonSchema | undefined {
  for (const [re, sub] of Object.entries((s.patternProperties ?? {}) as Record<string, JsonSchema>)) {
    if (new RegExp(re, 'u').test(key)) return sub;
  }
  return undefined;
}

function chooseAlternative(
  value: unknown,
  s: JsonSchema,
  union: JsonSchema[],
  set: SchemaSet,
  isValid: IsValid,
): JsonSchema | undefined {
  const tag = isPlainObject(s.discriminator) ? String(s.discriminator.propertyName) : undefined;
  if (tag !== undefined && isPlainObject(value)) {
    return union.find((alt) => {
      const prop = (deref(set, alt).properties as Record<string, JsonSchema> | undefined)?.[tag];
      return (
        prop !== undefined &&
        (prop.const === value[tag] || (Array.isArray(prop.enum) && prop.enum.includes(value[tag])))
      );
    });
  }
  return union.find((alt) => {
    const address = alternativeAddress(set, s, alt);
    return address !== undefined && isValid(address, value);
  });
}
