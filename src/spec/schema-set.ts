import { isPlainObject } from './json-pointer.js';

export type JsonSchema = Record<string, unknown>;

/** Every schema file by `$id`, with `$ref` resolution that works from any sub-schema. */
export interface SchemaSet {
  readonly rootId: string;
  readonly byId: ReadonlyMap<string, JsonSchema>;
  /** The `$id` of the file a sub-schema object belongs to. */
  readonly baseOf: WeakMap<object, string>;
  /** `<$id>#<pointer>` of every sub-schema object, so it can be validated against on its own. */
  readonly addressOf: WeakMap<object, string>;
}

// Relative `$id`s resolve against a fixed fake origin so that `../x.schema.json` works as in a folder.
const ORIGIN = 'https://trellis.invalid/schemas/';

export function createSchemaSet(files: readonly JsonSchema[], rootId = 'experiment.schema.json'): SchemaSet {
  const byId = new Map<string, JsonSchema>();
  const baseOf = new WeakMap<object, string>();
  const addressOf = new WeakMap<object, string>();
  const mark = (node: unknown, id: string, pointer: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => mark(n, id, `${pointer}/${i}`));
    else if (isPlainObject(node)) {
      baseOf.set(node, id);
      addressOf.set(node, `${id}#${pointer}`);
      for (const [k, v] of Object.entries(node))
        mark(v, id, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  for (const schema of files) {
    const id = schema.$id;
    if (typeof id !== 'string') throw new Error('every schema under schemas/ needs a string $id');
    byId.set(id, schema);
    mark(schema, id, '');
  }
  if (!byId.has(rootId)) throw new Error(`schemas/ has no ${rootId}`);
  return { rootId, byId, baseOf, addressOf };
}

/** The address (`<$id>#<pointer>`) a oneOf / anyOf alternative can be validated against on its own. */
export function alternativeAddress(
  set: SchemaSet,
  union: object,
  alternative: JsonSchema,
): string | undefined {
  if (typeof alternative.$ref !== 'string') return set.addressOf.get(alternative);
  const base = set.baseOf.get(union) ?? set.rootId;
  const url = new URL(alternative.$ref, ORIGIN + base);
  const id = url.href.slice(ORIGIN.length, url.href.length - url.hash.length) || base;
  return `${id}#${decodeURIComponent(url.hash.slice(1))}`;
}

/** Resolves `ref` as written inside `from` (a sub-schema of some file) to the schema it names. */
export function resolveRef(set: SchemaSet, from: object, ref: string): JsonSchema | undefined {
  const base = set.baseOf.get(from) ?? set.rootId;
  const url = new URL(ref, ORIGIN + base);
  const id = url.href.slice(0, url.href.length - url.hash.length).slice(ORIGIN.length);
  let node: unknown = id === '' ? set.byId.get(base) : set.byId.get(id);
  const fragment = decodeURIComponent(url.hash.slice(1));
  if (fragment !== '') {
    for (const seg of fragment.split('/').slice(1)) {
      node = isPlainObject(node) ? node[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
  }
  return isPlainObject(node) ? node : undefined;
}

/** Follows `$ref` chains (a schema that is only a reference) to the schema that says something. */
export function deref(set: SchemaSet, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let i = 0; i < 32 && typeof current.$ref === 'string'; i++) {
    const next = resolveRef(set, current, current.$ref);
    if (!next) break;
    current = next;
  }
  return current;
}

/** The alternatives of a oneOf / anyOf, dereferenced. */
export function alternatives(set: SchemaSet, schema: JsonSchema): JsonSchema[] {
  const list = (schema.oneOf ?? schema.anyOf) as unknown;
  if (!Array.isArray(list)) return [];
  return list.filter(isPlainObject).map((s) => deref(set, s));
}

/** The values a discriminated union accepts for its tag, in declaration order. */
export function discriminatorValues(set: SchemaSet, schema: JsonSchema, tag: string): string[] {
  const values: string[] = [];
  for (const alt of alternatives(set, schema)) {
    const prop = (alt.properties as Record<string, JsonSchema> | undefined)?.[tag];
    if (!prop) continue;
    if (typeof prop.const === 'string') values.push(prop.const);
    else if (Array.isArray(prop.enum))
      values.push(...prop.enum.filter((v): v is string => typeof v === 'string'));
  }
  return values;
}
