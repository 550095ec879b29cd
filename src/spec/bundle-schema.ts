import { escapeSegment, isPlainObject } from './json-pointer.js';
import type { JsonSchema, SchemaSet } from './schema-set.js';

const ORIGIN = 'https://trellis.invalid/schemas/';

/**
 * One self-contained schema document: the root schema with every other file under `$defs` (keyed by its
 * `$id`) and every `$ref` rewritten to a local pointer, for editors and tools that read a single file.
 */
export function bundleSchemas(set: SchemaSet): JsonSchema {
  const rewrite = (node: unknown, base: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, base));
    if (!isPlainObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' ? localRef(v, base, set.rootId) : rewrite(v, base);
    }
    return out;
  };
  const root = rewrite(set.byId.get(set.rootId), set.rootId) as JsonSchema;
  const defs: Record<string, unknown> = { ...((root.$defs as Record<string, unknown>) ?? {}) };
  for (const [id, schema] of [...set.byId].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (id === set.rootId) continue;
    const { $id: _id, $schema: _schema, ...body } = rewrite(schema, id) as JsonSchema;
    defs[id] = body;
  }
  return { ...root, $defs: defs };
}

function localRef(ref: string, base: string, rootId: string): string {
  const url = new URL(ref, ORIGIN + base);
  const id = url.href.slice(ORIGIN.length, url.href.length - url.hash.length);
  const fragment = decodeURIComponent(url.hash.slice(1));
  return id === rootId ? `#${fragment}` : `#/$defs/${escapeSegment(id)}${fragment}`;
}
