import type { Batch, BatchSource } from '../data/dataset.js';
import type { BatchContext } from './batch-loss.js';
import { createEarlyStopping } from './early-stopping.js';
import { metricsOf, type EpochRecord } from './epoch-record.js';
import type { FitOptions, FitResult, Run } from './fit-types.js';
import { createLoss } from './losses/index.js';
import { NonFiniteLossError } from './non-finite-loss.js';
import { createOptimizer } from './optimizers/index.js';
import { seededLayers } from './random-layers.js';
import { configKeyOf, resumeRun, saveRunCheckpoint } from './run-checkpoint.js';
import { createSchedule } from './schedules/index.js';
import { evaluateBatch, trainStep, trainableVariables } from './train-step.js';

export type { FitOptions, FitResult } from './fit-types.js';
export type { EpochRecord, StepRecord } from './epoch-record.js';

/** Trains `opts.model` for a stage: epochs of steps, validation, schedule, early stopping, checkpoints. */
export async function fit(opts: FitOptions): Promise<FitResult> {
  const run = prepareRun(opts);
  try {
    if (opts.checkpointDir) await resumeRun(run, opts.checkpointDir);
    const resumedFromEpoch = run.nextEpoch;
    for (; run.nextEpoch < opts.epochs && !run.stopped; run.nextEpoch++) {
      const record = await runEpoch(run, run.nextEpoch);
      run.history.push(record);
      endEpoch(run, run.nextEpoch, record);
      // Report (and so log) the epoch before checkpointing it: a kill in between redoes the epoch
      // (deterministically) rather than losing its metrics.
      await opts.onEpoch?.(record);
      if (opts.checkpointDir) await saveRunCheckpoint(run, opts.checkpointDir, run.nextEpoch + 1);
    }
    const best = run.early?.getState().bestEpoch;
    return {
      history: run.history,
      resumedFromEpoch,
      stoppedEarly: run.stopped,
      ...(best !== null && best !== undefined ? { bestEpoch: best + 1 } : {}),
      restoredBestWeights: run.stopped && !!run.early?.restoreBestWeights && run.bestWeights !== null,
    };
  } finally {
    run.optimizer.dispose();
    for (const t of run.bestWeights ?? []) t.dispose();
  }
}

function prepareRun(opts: FitOptions): Run {
  const loss = createLoss(opts.loss);
  if (loss.kind !== opts.kind) {
    throw new Error(
      `stage "${opts.stage}": loss "${opts.loss.type}" takes ${loss.kind} but the stage's data gives ${opts.kind}; use mae/mse for pairs and triplet/hardnet for triplets`,
    );
  }
  const optimizer = createOptimizer(opts.optimizer);
  const schedule = createSchedule(opts.schedule, optimizer.learningRate);
  const early = opts.earlyStopping ? createEarlyStopping(opts.earlyStopping) : undefined;
  for (const [who, monitor] of [
    ['schedule', schedule.monitor],
    ['early_stopping', early?.monitor],
  ] as const) {
    if (monitor === 'val_loss' && !opts.val) {
      throw new Error(
        `stage "${opts.stage}": ${who} monitors val_loss but the stage has no validation data; add validation samples or set ${who}.monitor: loss`,
      );
    }
  }
  return {
    opts,
    loss,
    optimizer,
    schedule,
    early,
    configKey: configKeyOf(opts),
    variables: trainableVariables(opts.model),
    dropoutLayers: seededLayers(opts.model),
    history: [],
    bestWeights: null,
    stopped: false,
    nextEpoch: 0,
  };
}

async function runEpoch(run: Run, epoch: number): Promise<EpochRecord> {
  const { opts, optimizer } = run;
  const lr = run.schedule.rateFor(epoch);
  optimizer.learningRate = lr;
  const started = performance.now();
  const ctx = (step: number): BatchContext => ({
    stage: opts.stage,
    model: opts.model,
    loss: run.loss,
    inputTransform: opts.inputTransform,
    training: true,
    dropout: { layers: run.dropoutLayers, seed: opts.seed, epoch, step },
  });
  let sum = 0,
    samples = 0,
    step = 0;
  for (const batch of opts.train.epoch(epoch)) {
    opts.signal?.throwIfAborted();
    checkKind(opts, batch);
    step++;
    const value = trainStep(ctx(step), batch, optimizer, run.variables);
    if (!Number.isFinite(value)) throw new NonFiniteLossError(opts.stage, epoch + 1, step, value, lr);
    sum += value * batch.n;
    samples += batch.n;
    await opts.onStep?.({ epoch: epoch + 1, step, steps: opts.train.steps, loss: value });
    // Yield to the event loop so an abort (e.g. from a signal handler) is seen between steps.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (samples === 0)
    throw new Error(
      `stage "${opts.stage}", epoch ${epoch + 1}: the training data gave no batches; it needs at least one batch of samples`,
    );
  const trainSeconds = (performance.now() - started) / 1000;
  const valLoss = opts.val ? validate(run, opts.val, epoch, lr) : undefined;
  return {
    epoch: epoch + 1,
    loss: sum / samples,
    ...(valLoss === undefined ? {} : { valLoss }),
    lr,
    steps: step,
    samples,
    seconds: (performance.now() - started) / 1000,
    samplesPerSecond: samples / trainSeconds,
  };
}

function validate(run: Run, val: BatchSource, epoch: number, lr: number): number {
  const { opts } = run;
  const ctx: BatchContext = {
    stage: opts.stage,
    model: opts.model,
    loss: run.loss,
    inputTransform: opts.inputTransform,
    training: false,
  };
  let sum = 0,
    samples = 0;
  for (const batch of val.epoch(epoch)) {
    checkKind(opts, batch);
    sum += evaluateBatch(ctx, batch) * batch.n;
    samples += batch.n;
  }
  if (samples === 0)
    throw new Error(
      `stage "${opts.stage}", epoch ${epoch + 1}: the validation data gave no batches; give it at least one batch of samples`,
    );
  const value = sum / samples;
  if (!Number.isFinite(value)) throw new NonFiniteLossError(opts.stage, epoch + 1, 'validation', value, lr);
  return value;
}

/** Schedule and early stopping see the epoch; early stopping may end the stage and restore the best weights. */
function endEpoch(run: Run, epoch: number, record: EpochRecord): void {
  const metrics = metricsOf(record);
  run.schedule.observe(epoch, metrics);
  if (!run.early) return;
  const verdict = run.early.observe(epoch, metrics);
  if (verdict.improved && run.early.restoreBestWeights) {
    for (const t of run.bestWeights ?? []) t.dispose();
    run.bestWeights = run.opts.model.getWeights().map((w) => w.clone());
  }
  if (verdict.stop) {
    run.stopped = true;
    if (run.early.restoreBestWeights && run.bestWeights) run.opts.model.setWeights(run.bestWeights);
  }
}

function checkKind(opts: FitOptions, batch: Batch): void {
  if (batch.kind !== opts.kind) {
    throw new Error(
      `stage "${opts.stage}": the data source gave a ${batch.kind} batch to a ${opts.kind} stage; the stage's data type and its loss must agree`,
    );
  }
}
