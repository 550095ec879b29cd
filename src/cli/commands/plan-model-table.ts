import type { ExperimentSpec } from '../../schema/generated/experiment.js';
import { isPlainObject } from '../../spec/json-pointer.js';

/**
 * Extension point for `trellis plan`: the per-model section. The graph builder replaces the body with its
 * `formatModelPlan` (a layer table with output shapes and parameter counts per model). Until then it lists
 * each model with its input and number of layers.
 */
export function formatModelTables(spec: ExperimentSpec): string {
  const models = isPlainObject(spec.models) ? spec.models : {};
  const names = Object.keys(models);
  if (names.length === 0) return '';
  const lines = names.map((name) => {
    const model = models[name] as Record<string, unknown> | undefined;
    const layers = Array.isArray(model?.layers) ? model.layers.length : 0;
    const input = Array.isArray(model?.input) ? ` input ${model.input.join('×')},` : '';
    return `  ${name}:${input} ${layers} layer${layers === 1 ? '' : 's'}`;
  });
  return `models\n${lines.join('\n')}\n`;
}
