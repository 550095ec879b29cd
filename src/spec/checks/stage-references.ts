import type { SpecIssue } from '../../diagnostics/issue.js';
import { suggest } from '../../diagnostics/suggest.js';
import type { ExperimentSpec } from '../../schema/generated/experiment.js';
import { childPointer, toPointer } from '../json-pointer.js';
import { recordOf, stringAt } from './read-fields.js';

/** A stage's `model` must name a network under `models`. */
export function checkStageModels(spec: ExperimentSpec): SpecIssue[] {
  const models = Object.keys(recordOf(spec.models));
  const issues: SpecIssue[] = [];
  for (const [stage, body] of Object.entries(recordOf(spec.stages))) {
    const model = stringAt(body, 'model');
    if (model === undefined || models.includes(model)) continue;
    issues.push({
      code: 'spec/unknown-model',
      pointer: toPointer(['stages', stage, 'model']),
      message: `stage "${stage}" trains model "${model}", which is not defined under models`,
      hint:
        suggest(model, models) ??
        (models.length > 0 ? `defined models: ${models.join(', ')}` : 'define it under models:'),
    });
  }
  return issues;
}

/** `input_transform.stage` must name a stage declared earlier (stages run in declaration order). */
export function checkInputTransforms(spec: ExperimentSpec): SpecIssue[] {
  const stages = Object.keys(recordOf(spec.stages));
  const issues: SpecIssue[] = [];
  stages.forEach((stage, index) => {
    const transform = recordOf(recordOf(spec.stages)[stage]).input_transform;
    const source = stringAt(transform, 'stage');
    if (source === undefined) return;
    const pointer = toPointer(['stages', stage, 'input_transform', 'stage']);
    const at = stages.indexOf(source);
    if (at === -1) {
      issues.push({
        code: 'spec/unknown-stage',
        pointer,
        message: `input_transform uses stage "${source}", which is not defined under stages`,
        hint: suggest(source, stages.slice(0, index)) ?? suggest(source, stages) ?? earlier(stages, index),
      });
    } else if (at >= index) {
      issues.push({
        code: 'spec/stage-order',
        pointer,
        message:
          at === index
            ? `stage "${stage}" cannot transform its inputs with itself`
            : `stage "${source}" runs after "${stage}" (stages run in declaration order)`,
        hint: earlier(stages, index),
      });
    }
  });
  return issues;
}

function earlier(stages: readonly string[], index: number): string {
  return index === 0
    ? 'the first stage has no earlier stage to take inputs from'
    : `use an earlier stage: ${stages.slice(0, index).join(', ')}`;
}

/** Every `evaluation.pipeline` entry must name a stage. */
export function checkEvaluationPipeline(spec: ExperimentSpec): SpecIssue[] {
  const stages = Object.keys(recordOf(spec.stages));
  const pipeline = recordOf(spec.evaluation).pipeline;
  if (!Array.isArray(pipeline)) return [];
  const issues: SpecIssue[] = [];
  pipeline.forEach((name, i) => {
    if (typeof name !== 'string' || stages.includes(name)) return;
    issues.push({
      code: 'spec/unknown-stage',
      pointer: childPointer('/evaluation/pipeline', i),
      message: `evaluation.pipeline names stage "${name}", which is not defined under stages`,
      hint:
        suggest(name, stages) ??
        (stages.length > 0 ? `defined stages: ${stages.join(', ')}` : 'define it under stages:'),
    });
  });
  return issues;
}
