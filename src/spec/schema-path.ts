import { getAtPath, isPlainObject } from './json-pointer.js';
import type { PathSegment } from './json-pointer.js';
import { deref } from './schema-set.js';
import type { JsonSchema, SchemaSet } from './schema-set.js';

/** What the schema says about a spec path. */
export type SchemaLookup =
  /** The path is allowed; `schemas` are the alternatives it may match (empty: the schema says nothing). */
  | { readonly kind: 'found'; readonly schemas: readonly JsonSchema[] }
  /** `segments[depth]` is not a key the schema allows there. */
  | { readonly kind: 'unknown-key'; readonly depth: number; readonly allowed: readonly string[] }
  /** `segments[depth]` steps into something that is not a mapping or list. */
  | { readonly kind: 'not-container'; readonly depth: number };

/**
 * Walks the schema along `segments`. A discriminated union is narrowed by the tag found at that place in
 * `spec` (when there is one); otherwise every alternative is tried. Open schemas (no `properties`, e.g. a
 * placeholder) allow any path below them.
 */
export function schemaAtPath(set: SchemaSet, segments: readonly PathSegment[], spec?: unknown): SchemaLookup {
  let current: JsonSchema[] = [set.byId.get(set.rootId)!];
  for (let depth = 0; depth < segments.length; depth++) {
    const seg = segments[depth];
    const here = getAtPath(spec, segments.slice(0, depth));
    const candidates = current.flatMap((s) => concrete(set, s, here));
    const next: JsonSchema[] = [];
    const allowed = new Set<string>();
    let open = false;
    for (const c of candidates) {
      const step = stepInto(c, seg);
      if (step === 'open') open = true;
      else if (step !== undefined && !Array.isArray(step)) next.push(step);
      else if (Array.isArray(step)) step.forEach((k) => allowed.add(k));
    }
    if (open) return { kind: 'found', schemas: [] };
    if (next.length === 0) {
      return allowed.size > 0 || (typeof seg === 'string' && candidates.some(isObjectSchema))
        ? { kind: 'unknown-key', depth, allowed: [...allowed] }
        : { kind: 'not-container', depth };
    }
    current = next;
  }
  return { kind: 'found', schemas: current.flatMap((s) => concrete(set, s, getAtPath(spec, segments))) };
}

/** The schemas `schema` stands for: references followed, unions narrowed by the value's tag or spread. */
function concrete(set: SchemaSet, schema: JsonSchema, value: unknown, seen = 0): JsonSchema[] {
  const s = deref(set, schema);
  if (seen > 16) return [s];
  const list = (s.oneOf ?? s.anyOf) as unknown;
  const parts = Array.isArray(s.allOf)
    ? (s.allOf as JsonSchema[]).flatMap((a) => concrete(set, a, value, seen + 1))
    : [];
  if (!Array.isArray(list)) return [s, ...parts];
  let alts = (list as JsonSchema[]).map((a) => deref(set, a));
  const tag = isPlainObject(s.discriminator) ? s.discriminator.propertyName : undefined;
  if (typeof tag === 'string' && isPlainObject(value) && typeof value[tag] === 'string') {
    const chosen = alts.filter(
      (a) => (a.properties as Record<string, JsonSchema> | undefined)?.[tag]?.const === value[tag],
    );
    if (chosen.length > 0) alts = chosen;
  }
  return [s, ...parts, ...alts.flatMap((a) => concrete(set, a, value, seen + 1))].filter(
    // A union wrapper with no keys of its own adds nothing once its alternatives are listed.
    (x) => x !== s || s.properties !== undefined || s.items !== undefined || !Array.isArray(list),
  );
}

function isObjectSchema(s: JsonSchema): boolean {
  return s.type === 'object' || s.properties !== undefined;
}

/** The schema for `seg` inside `s`: a schema, 'open' (anything goes), the allowed keys, or undefined. */
function stepInto(s: JsonSchema, seg: PathSegment): JsonSchema | 'open' | string[] | undefined {
  const index = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : undefined;
  if (s.type === 'array' || s.items !== undefined || s.prefixItems !== undefined) {
    if (index === undefined) return undefined;
    const prefix = s.prefixItems as JsonSchema[] | undefined;
    if (prefix && index < prefix.length) return prefix[index];
    if (isPlainObject(s.items)) return s.items as JsonSchema;
    return s.items === false ? undefined : 'open';
  }
  if (typeof seg === 'number') return undefined;
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  if (props[seg]) return props[seg];
  const patterns = (s.patternProperties ?? {}) as Record<string, JsonSchema>;
  for (const [re, sub] of Object.entries(patterns)) if (new RegExp(re, 'u').test(seg)) return sub;
  if (isPlainObject(s.additionalProperties)) return s.additionalProperties as JsonSchema;
  // A union wrapper's own properties are only the shared ones; its alternatives say what else is allowed.
  if (s.additionalProperties === false || s.unevaluatedProperties === false || s.oneOf || s.anyOf) {
    return Object.keys(props);
  }
  if (s.type !== undefined && s.type !== 'object') return undefined;
  return 'open';
}

/** The JSON types the schemas accept (from `type`, `const` and `enum`); empty when they do not say. */
export function acceptedTypes(schemas: readonly JsonSchema[]): Set<string> {
  const types = new Set<string>();
  for (const s of schemas) {
    for (const t of [s.type].flat()) if (typeof t === 'string') types.add(t);
    for (const v of [...(s.const !== undefined ? [s.const] : []), ...((s.enum as unknown[]) ?? [])])
      types.add(jsonType(v));
  }
  return types;
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
