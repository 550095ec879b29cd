import type { SpecIssue } from '../diagnostics/issue.js';
import { checkGraph } from '../graph/check-graph.js';
import type { ExperimentSpec } from '../schema/generated/experiment.js';
import type { CheckContext } from './checks/check-context.js';
import {
  checkEvaluationPipeline,
  checkInputTransforms,
  checkStageModels,
} from './checks/stage-references.js';
import { checkRandomRanges, checkSweepPaths, checkZipLengths } from './checks/sweep-paths.js';

export type { CheckContext } from './checks/check-context.js';

/**
 * A check that needs more than the schema can say (cross references, orders, shapes). It runs only on a
 * spec that passed schema validation (defaults filled in) and returns every problem it finds.
 */
export type SemanticCheck = (spec: ExperimentSpec, ctx: CheckContext) => SpecIssue[];

/** Every semantic check, run in this order. Add a check with one line here. */
export const SEMANTIC_CHECKS: readonly SemanticCheck[] = [
  checkStageModels,
  checkInputTransforms,
  checkEvaluationPipeline,
  checkSweepPaths,
  checkZipLengths,
  checkRandomRanges,
  checkGraph,
];

export function runSemanticChecks(spec: ExperimentSpec, ctx: CheckContext): SpecIssue[] {
  return SEMANTIC_CHECKS.flatMap((check) => check(spec, ctx));
}
