/**
 * A trial from start to end, in its own process: pick the back end, resolve the data, train each stage
 * (or take it from the stage cache), evaluate the composed pipeline, and record everything — status.json
 * (the runners' source of truth), results, artifacts, and the MLflow run (offline first).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { stringify } from 'yaml';
import { describeBackendSelection, resolveBackendRequest, selectBackend } from '../backend/select-backend.js';
import { evaluateHPatches } from '../eval/hpatches/evaluate.js';
import { renderResultsCsv, renderResultsMarkdown, resultsToMetrics } from '../eval/hpatches/report.js';
import { evaluationOptionsFromSpec } from '../eval/hpatches/spec-options.js';
import { planModel } from '../graph/plan-model.js';
import { registerCustomLayers } from '../graph/l2-normalize-layer.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { ATTEMPT_ENV, formatProgressLine, type TrialStatusFile } from '../sweep/runner.js';
import { experimentName, openTrialRun, parentRefFromEnv } from '../tracking/open-run.js';
import { detectGitCommit, trellisVersion } from '../tracking/run-tags.js';
import type { RunTracker } from '../tracking/run-tracker.js';
import type { EpochRecord } from '../train/epoch-record.js';
import { stageCacheRoot } from './artifact-paths.js';
import { composeDescribe, defaultPipeline } from './compose-describe.js';
import { planStages } from './plan-stages.js';
import { resolveData } from './resolve-data.js';
import type { TrialFile } from './trial-file.js';
import { trainStage, transformDataset, type TrainedStage } from './train-stage.js';
import type { StagePlan } from './plan-stages.js';
import type { PatchDataset } from '../data/dataset.js';
import { writeDenoisingExamples } from './denoising-examples.js';
import { stageOutput } from './stage-outputs.js';
import { writeLearningCurves } from '../report/learning-curves-file.js';
import type { TrialResultsFile } from '../report/trial-results.js';

export interface RunTrialOptions {
  readonly trial: TrialFile;
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
  /** Human-readable log lines (stdout of the trial process). */
  readonly log?: (line: string) => void;
  /** Machine-readable progress lines (`@@trellis {...}`). */
  readonly progress?: (line: string) => void;
  /** `--backend` flag, overriding TRELLIS_BACKEND and the spec. */
  readonly backendFlag?: string;
}

async function writeStatus(trialDir: string, status: TrialStatusFile): Promise<void> {
  await writeFileAtomic(join(trialDir, 'status.json'), JSON.stringify(status, null, 2) + '\n');
}

function epochMetrics(r: EpochRecord): Record<string, number> {
  return {
    train_loss: r.loss,
    ...(r.valLoss !== undefined ? { val_loss: r.valLoss } : {}),
    lr: r.lr,
    epoch_seconds: r.seconds,
    samples_per_second: r.samplesPerSecond,
  };
}

/** Parameter counts of every model, as params (`params/<model>/trainable`, …). */
function parameterCounts(trial: TrialFile): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(trial.spec.models ?? {})) {
    const { totals } = planModel(trial.spec, name);
    out[`params/${name}/trainable`] = totals.trainable;
    out[`params/${name}/non_trainable`] = totals.nonTrainable;
  }
  return out;
}

export async function runTrial(o: RunTrialOptions): Promise<TrialStatusFile> {
  const { trial } = o;
  const env = o.env ?? process.env;
  const log = o.log ?? (() => {});
  const progress = o.progress ?? (() => {});
  const attempt = Number(env[ATTEMPT_ENV] ?? '1') || 1;
  const startedAt = new Date().toISOString();
  await mkdir(trial.trialDir, { recursive: true });
  await rm(join(trial.trialDir, 'error.txt'), { force: true }); // a previous attempt's
  await writeStatus(trial.trialDir, { trialId: trial.trialId, state: 'running', startedAt, attempt });
  let tracker: RunTracker | undefined;
  try {
    registerCustomLayers();
    const request = resolveBackendRequest({ flag: o.backendFlag, env, spec: trial.spec.backend });
    const tBackend = performance.now();
    const backend = await selectBackend(request.requested);
    log(describeBackendSelection(backend));
    const backendSeconds = (performance.now() - tBackend) / 1000;
    tracker = openTrialRun({
      experiment: experimentName(trial.spec),
      trialId: trial.trialId,
      trialDir: trial.trialDir,
      parent: parentRefFromEnv(env),
      overrides: trial.overrides,
      offlineDir: trial.spec.tracking?.offline_dir,
      flushIntervalS: trial.spec.tracking?.flush_interval_s,
      tagInput: { gitCommit: detectGitCommit(dirname(trial.specPath)), specHash: trial.specHash, backend: backend.name, trialId: trial.trialId },
      warn: (m) => log(`tracking: ${m}`),
    });
    const { description: _d, sweep: _s, ...config } = trial.spec;
    const parameters = parameterCounts(trial);
    tracker.logParams({ ...config, trial: { id: trial.trialId, backend: backend.name }, ...parameters });
    await writeFileAtomic(join(trial.trialDir, 'spec.resolved.yaml'), stringify(trial.spec));
    tracker.logArtifact(join(trial.trialDir, 'spec.resolved.yaml'));

    const data = await resolveData({ data: trial.spec.data!, specDir: dirname(trial.specPath), artifacts: trial.artifacts, log });
    log(`data: ${data.dataset.sequences.length} sequences from ${data.root}; split ${data.split.name}: ${data.split.train.length} train / ${data.split.test.length} test`);
    const plans = planStages(trial.spec, trellisVersion());
    const trained = new Map<string, TrainedStage>();
    const stageSeconds: Record<string, number> = {};
    // Datasets as output by a stage, made once: for training the next stage and again for evaluation.
    const outputs = new Map<string, Promise<PatchDataset>>();
    const datasetFor = (plan: StagePlan): Promise<PatchDataset> => {
      if (!plan.inputStage) return Promise.resolve(data.dataset);
      const upstream = trained.get(plan.inputStage);
      if (!upstream) throw new Error(`stage "${plan.name}": input stage "${plan.inputStage}" has not run`);
      const key = `${plan.inputStage}:${plan.postprocess}`;
      if (!outputs.has(key)) {
        const made = stageOutput({
          stageDir: upstream.dir,
          postprocess: plan.postprocess,
          dataset: data.dataset,
          make: () => {
            log(`${plan.name}: passing the dataset through "${plan.inputStage}" (${plan.postprocess})`);
            return transformDataset({ dataset: data.dataset, model: upstream.model, postprocess: plan.postprocess });
          },
        }).then((r) => {
          if (r.cached) log(`${plan.name}: the dataset as output by "${plan.inputStage}" comes from the stage cache`);
          return r.dataset;
        });
        outputs.set(key, made);
      }
      return outputs.get(key)!;
    };
    for (const plan of plans) {
      const stage = await trainStage({
        spec: trial.spec,
        stage: plan,
        data,
        dataset: () => datasetFor(plan),
        // TRELLIS_STAGE_CACHE=off (`trellis run --no-stage-cache`): this trial trains every stage itself.
        cacheRoot: env.TRELLIS_STAGE_CACHE === 'off' ? join(trial.trialDir, 'stages') : stageCacheRoot(trial.artifacts),
        backend: backend.name,
        signal: o.signal,
        log,
        onEpoch: async (name, r, epochs) => {
          tracker!.logMetrics(epochMetrics(r), { step: r.epoch, prefix: name });
          await tracker!.flush();
          log(`${name}: epoch ${r.epoch}/${epochs} loss ${r.loss.toFixed(4)}${r.valLoss !== undefined ? ` val ${r.valLoss.toFixed(4)}` : ''} lr ${r.lr.toExponential(2)} ${r.seconds.toFixed(1)} s`);
          progress(formatProgressLine({ stage: name, epoch: r.epoch, epochs, loss: r.loss, metrics: epochMetrics(r) }));
        },
        onStep: (name, r) => {
          if (r.step % 20 === 0 || r.step === r.steps) progress(formatProgressLine({ stage: name, step: r.step, steps: r.steps, epoch: r.epoch, loss: r.loss }));
        },
      });
      if (stage.cached) for (const r of stage.history) tracker.logMetrics(epochMetrics(r), { step: r.epoch, prefix: plan.name });
      trained.set(plan.name, stage);
      stageSeconds[`time/${plan.name}_train_seconds`] = stage.seconds;
      tracker.setTags({ [`trellis.stage.${plan.name}.key`]: stage.key, [`trellis.stage.${plan.name}.cached`]: String(stage.cached) });
      tracker.logArtifact(join(stage.dir, 'model'), `models/${plan.name}`);
    }

    progress(formatProgressLine({ stage: 'evaluation', message: 'evaluating' }));
    const models = new Map<string, tf.LayersModel>([...trained].map(([k, v]) => [k, v.model]));
    const pipeline = defaultPipeline(plans, trial.spec.evaluation?.pipeline);
    // The last stage's input dataset (made for its training, or stored in the stage cache) is described
    // with the last model alone instead of running the earlier stages again.
    const last = plans.find((p) => p.name === pipeline.at(-1));
    const reuse = last?.inputStage !== undefined && pipeline.length === 2 && pipeline[0] === last.inputStage;
    const evalDataset = reuse ? await datasetFor(last!) : data.dataset;
    const describe = composeDescribe({ pipeline: reuse ? pipeline.slice(1) : pipeline, plans, models, patchSize: data.dataset.patchSize });
    const t0 = performance.now();
    const results = await evaluateHPatches(
      evaluationOptionsFromSpec(trial.spec.evaluation, {
        dataset: evalDataset,
        describe,
        sequences: data.split.test,
        specDir: dirname(trial.specPath),
        artifactDir: trial.trialDir,
        descriptorName: trial.spec.name,
      }),
    );
    const metrics = {
      ...resultsToMetrics(results),
      ...stageSeconds,
      'time/eval_seconds': (performance.now() - t0) / 1000,
      'time/backend_seconds': backendSeconds,
    };
    const stages = Object.fromEntries(
      [...trained].map(([name, t]) => [name, { key: t.key, cached: t.cached, seconds: t.seconds, backend: t.backend, history: t.history }]),
    );
    await writeFileAtomic(join(trial.trialDir, 'results.md'), renderResultsMarkdown(results));
    await writeFileAtomic(join(trial.trialDir, 'results.csv'), renderResultsCsv(results));
    await writeFileAtomic(join(trial.trialDir, 'results.json'), JSON.stringify(
        { trialId: trial.trialId, overrides: trial.overrides, backend: backend.name, parameters, metrics, stages, results } satisfies TrialResultsFile,
        null,
        1,
      ));
    const examples = await writeDenoisingExamples({ trial, plans, models, dataset: data.dataset, sequences: data.split.test });
    examples.push(...(await writeLearningCurves(trial.trialDir, stages)));
    tracker.logMetrics(metrics, { step: 0 });
    for (const f of ['results.md', 'results.csv', 'results.json']) tracker.logArtifact(join(trial.trialDir, f), 'evaluation');
    for (const f of examples) tracker.logArtifact(f, 'figures');
    const status: TrialStatusFile = { trialId: trial.trialId, state: 'completed', metrics, startedAt, endedAt: new Date().toISOString(), attempt };
    await writeStatus(trial.trialDir, status);
    await tracker.end('FINISHED');
    return status;
  } catch (err) {
    const aborted = o.signal?.aborted === true;
    const reason = aborted ? `stopped: ${String(o.signal?.reason ?? 'interrupted')}` : (err as Error).message;
    const status: TrialStatusFile = { trialId: trial.trialId, state: aborted ? 'killed' : 'failed', reason, startedAt, endedAt: new Date().toISOString(), attempt };
    await writeStatus(trial.trialDir, status);
    await writeFile(join(trial.trialDir, 'error.txt'), (err as Error).stack ?? String(err)).catch(() => {});
    tracker?.setTags({ 'trellis.failure_reason': reason.slice(0, 5000) });
    await tracker?.end(aborted ? 'KILLED' : 'FAILED');
    return status;
  }
}
