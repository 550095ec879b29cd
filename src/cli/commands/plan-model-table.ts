import { formatModelPlan } from '../../graph/format-model-plan.js';
import { planModel } from '../../graph/plan-model.js';
import type { ExperimentSpec } from '../../schema/generated/experiment.js';

/**
 * Extension point for `trellis plan`: the per-model section, one layer table per model (output shapes,
 * trainable / non-trainable parameters, FLOPs per sample, totals). The spec has passed checkGraph (a
 * semantic check of loadSpec), so planning cannot fail here.
 */
export function formatModelTables(spec: ExperimentSpec): string {
  const names = Object.keys(spec.models ?? {});
  if (names.length === 0) return '';
  return `models\n${names.map((name) => `${formatModelPlan(planModel(spec, name))}\n`).join('\n')}`;
}
