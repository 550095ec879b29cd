import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSchemaSet } from './schema-set.js';
import type { JsonSchema, SchemaSet } from './schema-set.js';

/** The package's schemas/ folder, found upward from this module (works from src/ and from dist/src/). */
export function schemasDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, 'experiment.schema.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('cannot find schemas/experiment.schema.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Reads every `*.schema.json` under `dir`, recursively, sorted by path. */
export function readSchemaFiles(dir = schemasDir()): JsonSchema[] {
  const files: string[] = [];
  const visit = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) visit(p);
      else if (entry.name.endsWith('.schema.json')) files.push(p);
    }
  };
  visit(dir);
  return files.sort().map((f) => {
    try {
      return JSON.parse(readFileSync(f, 'utf8')) as JsonSchema;
    } catch (err) {
      throw new Error(`${relative(process.cwd(), f)}: not valid JSON (${(err as Error).message})`);
    }
  });
}

let cached: SchemaSet | undefined;

/** The bundled schemas, read once per process. */
export function loadSchemas(): SchemaSet {
  cached ??= createSchemaSet(readSchemaFiles());
  return cached;
}
