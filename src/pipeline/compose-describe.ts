/**
 * The evaluated pipeline as one descriptor function: patches go through the listed stages' trained
 * models in order (inference mode), each later stage's input postprocessed as its `input_transform`
 * says — the study's noisy → denoiser → clip(int(·)) → descriptor.
 */
import * as tf from '@tensorflow/tfjs';
import type { DescribeFn } from '../eval/hpatches/descriptor-set.js';
import { postprocess } from '../train/input-transform.js';
import type { StagePlan } from './plan-stages.js';

/** `evaluation.pipeline`, or by default the last stage with its chain of input stages. */
export function defaultPipeline(plans: readonly StagePlan[], requested?: readonly string[]): string[] {
  if (requested && requested.length > 0) return [...requested];
  const byName = new Map(plans.map((p) => [p.name, p]));
  const chain: string[] = [];
  let current = plans.at(-1);
  while (current) {
    chain.unshift(current.name);
    current = current.inputStage ? byName.get(current.inputStage) : undefined;
  }
  return chain;
}

export function composeDescribe(o: {
  pipeline: readonly string[];
  plans: readonly StagePlan[];
  models: ReadonlyMap<string, tf.LayersModel>;
  patchSize: number;
}): DescribeFn {
  const steps = o.pipeline.map((name, i) => {
    const plan = o.plans.find((p) => p.name === name);
    const model = o.models.get(name);
    if (!plan || !model) throw new Error(`evaluation.pipeline[${i}]: stage "${name}" has no trained model`);
    return { model, post: i === 0 ? ('none' as const) : plan.postprocess };
  });
  const s = o.patchSize;
  return async (patches, n) => {
    const out = tf.tidy(() => {
      let x: tf.Tensor = tf.tensor4d(patches, [n, s, s, 1]);
      for (const step of steps) x = step.model.apply(postprocess(step.post, x), { training: false }) as tf.Tensor;
      return x.reshape([n, -1]);
    });
    const data = (await out.data()) as Float32Array;
    out.dispose();
    return data;
  };
}
