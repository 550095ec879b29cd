import type { SpecIssue } from '../diagnostics/issue.js';
import type { ExperimentSpec } from '../schema/generated/experiment.js';
import { analyzeModel } from './analyze-model.js';
import { checkBlockDefinitions } from './check-blocks.js';

/**
 * Static checks of every network in a resolved spec (after include/extends): block definitions, block
 * uses and parameters, layer fields, wiring (unknown inputs, duplicate ids, cycles, dangling outputs)
 * and shapes. Returns all findings as SpecIssues with JSON pointers; never throws on spec content.
 */
export function checkGraph(spec: ExperimentSpec): SpecIssue[] {
  const issues = checkBlockDefinitions(spec.blocks);
  for (const name of Object.keys(spec.models ?? {})) issues.push(...analyzeModel(spec, name).issues);
  return issues;
}
