import type { SourceLocation } from '../spec/source-map.js';

/**
 * One problem found in a spec. Core code says what is wrong and where in the spec (a JSON pointer,
 * RFC 6901, into the resolved spec); the CLI maps the pointer to file:line:col through the source map.
 */
export interface SpecIssue {
  /** Stable code, `<area>/<kind>`, e.g. `graph/unknown-input`; each has a fixture under test/fixtures/bad-specs/. */
  readonly code: string;
  /** JSON pointer into the resolved spec, e.g. `/models/denoiser/layers/7/inputs/1`. */
  readonly pointer: string;
  /** What is wrong, with the values involved (expected vs found). */
  readonly message: string;
  /** How to fix it, e.g. `did you mean "enc2"?`. */
  readonly hint?: string;
  /** Extra pointers that matter (e.g. the block definition a layer came from). */
  readonly related?: readonly string[];
  /**
   * A fixed position, for problems found before there is a resolved spec to point into (YAML syntax,
   * duplicate keys, extends / include paths). When absent the pointer is looked up in the source map.
   */
  readonly location?: SourceLocation;
}
