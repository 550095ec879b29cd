/**
 * One stage of a trial: its outputs come from the stage cache when an identical stage (same key) was
 * trained before, otherwise it is trained here — on the dataset passed through its upstream stage when
 * it has an `input_transform` — checkpointing every epoch into the cache's partial folder, so a killed
 * trial resumes the stage where it stopped.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { PatchDataset } from '../data/dataset.js';
import { mapPatches } from '../data/map-patches.js';
import { buildModel } from '../graph/build-model.js';
import { saveLayersModel } from '../io/tfjs-model-files.js';
import type { ExperimentSpec, StageSpec } from '../schema/generated/experiment.js';
import type { EpochRecord, StepRecord } from '../train/epoch-record.js';
import { fit } from '../train/fit.js';
import { createInputTransform } from '../train/input-transform.js';
import { loadModelWeights, saveModelWeights } from '../train/model-weights.js';
import type { ResolvedData } from './resolve-data.js';
import type { StagePlan } from './plan-stages.js';
import { obtainStage } from './stage-cache.js';
import { createStageSources } from './stage-sources.js';

export interface TrainedStage {
  readonly name: string;
  readonly key: string;
  readonly model: tf.LayersModel;
  /** Outputs came from the cache (trained by an earlier or a concurrent trial). */
  readonly cached: boolean;
  readonly history: readonly EpochRecord[];
  /** Training time of the stage (when it was trained, also if that was by another trial). */
  readonly seconds: number;
  readonly dir: string;
  readonly backend?: string;
}

export interface TrainStageOptions {
  readonly spec: ExperimentSpec;
  readonly stage: StagePlan;
  readonly data: ResolvedData;
  /** The dataset this stage samples from (its input stage's output when it has one); asked for only when training. */
  readonly dataset: () => Promise<PatchDataset>;
  readonly cacheRoot: string;
  readonly backend: string;
  readonly signal?: AbortSignal;
  readonly onEpoch?: (stage: string, record: EpochRecord, epochs: number) => void | Promise<void>;
  readonly onStep?: (stage: string, record: StepRecord) => void;
  readonly log?: (line: string) => void;
}

/**
 * The dataset as it comes out of a trained stage: every noisy stack passed through the stage's model and
 * postprocessed as the consuming stage says (the study's denoised patches, `clip(int(pred))` as uint8).
 */
export async function transformDataset(o: { dataset: PatchDataset; model: tf.LayersModel; postprocess: StagePlan['postprocess'] }): Promise<PatchDataset> {
  const transform = createInputTransform(o.model, 'none');
  const s = o.dataset.patchSize;
  return mapPatches(
    o.dataset,
    (x, n) => tf.tidy(() => transform(tf.tensor4d(x, [n, s, s, 1])).dataSync() as Float32Array),
    // mapPatches clips to 0–255; the study's clip(int(·)) truncates, plain clip keeps the nearest level.
    { stacks: 'noisy', batchSize: 100, rounding: o.postprocess === 'clip_round' ? 'truncate' : 'round' },
  );
}

export async function trainStage(o: TrainStageOptions): Promise<TrainedStage> {
  const { spec, stage } = o;
  const stageSpec = spec.stages![stage.name] as StageSpec;
  const seed = spec.seed ?? 1234;
  const model = buildModel(spec, stage.model, { seed });
  const epochs = stageSpec.epochs ?? 1;
  const outcome = await obtainStage({
    root: o.cacheRoot,
    key: stage.key,
    describe: { stage: stage.name, experiment: spec.name },
    signal: o.signal,
    onWait: () => o.log?.(`${stage.name}: another trial is training this stage (key ${stage.key}); waiting for it`),
    produce: async (work) => {
      const dataset = await o.dataset();
      const sources = createStageSources({
        stage: stage.name,
        sampler: stageSpec.data,
        dataset,
        split: o.data.split,
        batchSize: stageSpec.batch_size ?? 50,
        seed,
      });
      o.log?.(
        `${stage.name}: training ${stage.model} on ${sources.train.samples} ${sources.kind} (${sources.train.steps} steps/epoch), ` +
          `validating on ${sources.val?.samples ?? 0}, ${epochs} epoch(s)`,
      );
      const result = await fit({
        stage: stage.name,
        model,
        kind: sources.kind,
        train: sources.train,
        val: sources.val,
        loss: stageSpec.loss,
        optimizer: stageSpec.optimizer,
        schedule: stageSpec.schedule,
        earlyStopping: stageSpec.early_stopping,
        epochs,
        seed,
        checkpointDir: stageSpec.checkpoint?.enabled === false ? undefined : join(work, 'checkpoints'),
        keepCheckpoints: stageSpec.checkpoint?.keep,
        signal: o.signal,
        onEpoch: (r) => o.onEpoch?.(stage.name, r, epochs),
        onStep: (r) => o.onStep?.(stage.name, r),
      });
      await saveModelWeights(model, join(work, 'weights'));
      await saveLayersModel(model, join(work, 'model'));
      await writeFile(join(work, 'history.json'), JSON.stringify(result.history, null, 1));
      const trainSeconds = result.history.reduce((t, r) => t + r.seconds, 0);
      return { backend: o.backend, trainSeconds, stoppedEarly: result.stoppedEarly, bestEpoch: result.bestEpoch ?? null };
    },
  });
  if (outcome.hit) {
    await loadModelWeights(model, join(outcome.dir, 'weights'));
    o.log?.(`${stage.name}: from the stage cache (key ${stage.key})`);
  }
  const history = JSON.parse(await readFile(join(outcome.dir, 'history.json'), 'utf8')) as EpochRecord[];
  const meta = outcome.meta as { trainSeconds?: number; backend?: string };
  return {
    name: stage.name,
    key: stage.key,
    model,
    cached: outcome.hit,
    history,
    seconds: meta.trainSeconds ?? outcome.meta.seconds,
    dir: outcome.dir,
    backend: meta.backend,
  };
}
