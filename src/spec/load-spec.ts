import { dirname, resolve } from 'node:path';
import type { SpecIssue } from '../diagnostics/issue.js';
import type { ExperimentSpec } from '../schema/generated/experiment.js';
import { composeSpec } from './compose-spec.js';
import { loadSchemas } from './load-schemas.js';
import { findProjectRoot } from './project-root.js';
import type { SchemaSet } from './schema-set.js';
import { runSemanticChecks } from './semantic-checks.js';
import { applySetOverrides } from './set-overrides.js';
import type { SourceMap } from './source-map.js';
import { validateAgainstSchema } from './validate-schema.js';

export interface LoadSpecOptions {
  /** `path=value` overrides, applied in order after extends / include. */
  readonly set?: readonly string[];
  /** Folder that extends / include may not leave; default: nearest folder with package.json or .git. */
  readonly projectRoot?: string;
  /** Folder relative paths start from; default: process.cwd(). */
  readonly cwd?: string;
  /** Schemas to validate against; default: the package's schemas/. */
  readonly schemas?: SchemaSet;
}

export interface LoadedSpec {
  /** The resolved spec: extends / include / --set applied, defaults filled in; a new object. */
  readonly spec: ExperimentSpec;
  /** Every problem found; the spec is usable only when this is empty. */
  readonly issues: SpecIssue[];
  /** Pointer into `spec` → where its value was written. */
  readonly sourceMap: SourceMap;
  /** Every file read: the spec, the specs it extends, the libraries it includes. */
  readonly files: string[];
  /** True when the file is a block library (`blocks` only); then only its blocks were validated. */
  readonly library: boolean;
}

/**
 * Reads, composes, overrides, validates and checks a spec. Steps stop at the first one that finds problems
 * (later steps would only report their consequences), but each step reports all of its problems.
 */
export async function loadSpec(path: string, opts: LoadSpecOptions = {}): Promise<LoadedSpec> {
  const cwd = opts.cwd ?? process.cwd();
  const abs = resolve(cwd, path);
  const projectRoot = opts.projectRoot
    ? resolve(cwd, opts.projectRoot)
    : (findProjectRoot(dirname(abs)) ?? cwd);
  const composed = composeSpec(abs, { projectRoot, cwd });
  const done = (value: unknown, issues: SpecIssue[], sourceMap: SourceMap): LoadedSpec => ({
    spec: (value ?? {}) as ExperimentSpec,
    issues,
    sourceMap,
    files: composed.files,
    library: composed.library,
  });
  if (composed.issues.length > 0) return done(composed.value, composed.issues, composed.locations);

  const schemas = opts.schemas ?? loadSchemas();
  if (composed.library) {
    const blocks = (composed.value as { blocks: unknown }).blocks;
    const checked = validateAgainstSchema(blocks, schemas, {
      ref: `${schemas.rootId}#/properties/blocks`,
      pointer: '/blocks',
    });
    return done({ ...(composed.value as object), blocks: checked.value }, checked.issues, composed.locations);
  }
  const overridden = applySetOverrides(composed, opts.set ?? [], schemas);
  if (overridden.issues.length > 0) return done(overridden.value, overridden.issues, overridden.locations);

  const validated = validateAgainstSchema(overridden.value, schemas);
  if (validated.issues.length > 0) return done(validated.value, validated.issues, overridden.locations);

  const spec = validated.value as ExperimentSpec;
  return done(spec, runSemanticChecks(spec, { schemas }), overridden.locations);
}
