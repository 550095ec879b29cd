import type { SchemaSet } from '../schema-set.js';

/** What a semantic check may consult besides the spec. */
export interface CheckContext {
  readonly schemas: SchemaSet;
}
