import type { SpecIssue } from '../diagnostics/issue.js';
import type { ExperimentSpec } from '../schema/generated/experiment.js';
import { expandSweep } from '../sweep/expand-sweep.js';
import { trialId } from '../sweep/trial-id.js';
import { formatPointer, isWithin, parseSpecPath, toPointer } from './json-pointer.js';
import { loadSchemas } from './load-schemas.js';
import type { SchemaSet } from './schema-set.js';
import { runSemanticChecks } from './semantic-checks.js';
import { validateAgainstSchema } from './validate-schema.js';

/** A trial ready to run: its id, what the sweep changed, and its fully resolved spec (defaults filled in). */
export interface PlannedTrial {
  readonly id: string;
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly spec: ExperimentSpec;
}

export interface TrialPlanResult {
  /** Unique trials in sweep order (a random draw that repeats an earlier trial is dropped). */
  readonly trials: PlannedTrial[];
  /** Problems of swept values, pointing at the sweep entry that produced them; empty when all trials are valid. */
  readonly issues: SpecIssue[];
  /** How many expanded configurations repeated an earlier trial (random draws that coincide). */
  readonly repeats: number;
}

/**
 * Expands the sweep of a valid resolved spec and re-validates every trial, since a swept value can be
 * invalid where the base value was not. Each problem is reported once, at the sweep entry it came from.
 */
export function planTrials(spec: ExperimentSpec, opts: { schemas?: SchemaSet } = {}): TrialPlanResult {
  const schemas = opts.schemas ?? loadSchemas();
  const trials: PlannedTrial[] = [];
  const issues = new Map<string, SpecIssue>();
  const ids = new Set<string>();
  let repeats = 0;
  for (const config of expandSweep(spec)) {
    let resolved = config.spec;
    if (Object.keys(config.overrides).length > 0) {
      const validated = validateAgainstSchema(config.spec, schemas);
      resolved = validated.value as ExperimentSpec;
      const found = validated.issues.length > 0 ? validated.issues : runSemanticChecks(resolved, { schemas });
      for (const issue of found) {
        const moved = attribute(issue, config.overrides, config.origins);
        issues.set(`${moved.pointer}|${moved.message}`, moved);
      }
      if (found.length > 0) continue;
    }
    const id = trialId(resolved);
    if (ids.has(id)) {
      repeats++;
      continue;
    }
    ids.add(id);
    trials.push({ id, overrides: config.overrides, spec: resolved });
  }
  return { trials, issues: [...issues.values()], repeats };
}

/** Moves an issue found in a trial onto the sweep entry whose value caused it. */
function attribute(
  issue: SpecIssue,
  overrides: Record<string, unknown>,
  origins: Record<string, string>,
): SpecIssue {
  const what = `${formatPointer(issue.pointer)}: ${issue.message}`;
  for (const path of Object.keys(overrides)) {
    const segments = parseSpecPath(path);
    if (segments && isWithin(issue.pointer, toPointer(segments))) {
      return { ...issue, pointer: origins[path], message: what };
    }
  }
  const combo = Object.entries(overrides)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  return { ...issue, pointer: '/sweep', message: `with ${combo}: ${what}` };
}
