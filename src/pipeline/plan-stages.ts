import type { ExperimentSpec } from '../schema/generated/experiment.js';
import { stageKey } from './stage-key.js';

/** What the pipeline needs to know about one stage, derived from the resolved spec. */
export interface StagePlan {
  readonly name: string;
  readonly model: string;
  /** Stage whose trained model transforms this stage's inputs (the study's denoise → describe). */
  readonly inputStage?: string;
  readonly postprocess: 'none' | 'clip' | 'clip_round';
  readonly key: string;
}

type SpecLike = Pick<ExperimentSpec, 'seed' | 'data' | 'models' | 'stages'>;

/**
 * Orders the stages (declaration order; the spec checks guarantee inputs come from earlier stages)
 * and gives each its cache key, chaining upstream keys so a changed denoiser invalidates the
 * descriptors trained on its output.
 */
export function planStages(spec: SpecLike, version: string): StagePlan[] {
  const keys = new Map<string, string>();
  const plans: StagePlan[] = [];
  for (const [name, stage] of Object.entries(spec.stages ?? {})) {
    if (!stage) continue;
    const inputStage = stage.input_transform?.stage;
    const upstream = inputStage ? [keys.get(inputStage) ?? `missing:${inputStage}`] : [];
    const key = stageKey({
      stage,
      model: spec.models?.[stage.model],
      upstream,
      data: spec.data,
      seed: spec.seed ?? 1234,
      version,
    });
    keys.set(name, key);
    plans.push({ name, model: stage.model, inputStage, postprocess: stage.input_transform?.postprocess ?? 'none', key });
  }
  return plans;
}
