// The spec layer's public surface: read, compose, override, validate, check and plan a spec.
export { loadSpec } from './load-spec.js';
export type { LoadedSpec, LoadSpecOptions } from './load-spec.js';
export { locate, COMMAND_LINE } from './source-map.js';
export type { SourceLocation, SourceMap } from './source-map.js';
export { SEMANTIC_CHECKS, runSemanticChecks } from './semantic-checks.js';
export type { SemanticCheck, CheckContext } from './semantic-checks.js';
export { planTrials } from './plan-trials.js';
export type { PlannedTrial, TrialPlanResult } from './plan-trials.js';
export { loadSchemas } from './load-schemas.js';
export type { SchemaSet } from './schema-set.js';
