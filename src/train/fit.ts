import type * as tf from '@tensorflow/tfjs';
import type { Batch, BatchSource } from '../data/dataset.js';
import type {
  EarlyStoppingSpec,
  LossSpec,
  LrScheduleSpec,
  OptimizerSpec,
} from '../schema/generated/experiment.js';
import type { BatchContext } from './batch-loss.js';
import { readLatestCheckpoint, writeCheckpoint, type CheckpointContent } from './checkpoint.js';
import { createEarlyStopping, type EarlyStopping } from './early-stopping.js';
import { metricsOf, type EpochRecord, type StepRecord } from './epoch-record.js';
import { createLoss, type Loss } from './losses/index.js';
import { weightNames, setModelWeights } from './model-weights.js';
import { NonFiniteLossError } from './non-finite-loss.js';
import { createOptimizer, type Optimizer } from './optimizers/index.js';
import { seededLayers } from './random-layers.js';
import { createSchedule, type LrSchedule } from './schedules/index.js';
import { evaluateBatch, trainStep, trainableVariables } from './train-step.js';

export interface FitOptions {
  /** Stage name, for messages and the checkpoint's identity. */
  readonly stage: string;
  /** The network to train, built and initialised; trained in place. */
  readonly model: tf.LayersModel;
  /** pairs: loss(model(x), y); triplets: the one model describes anchor, positive and negative. */
  readonly kind: 'pairs' | 'triplets';
  readonly train: BatchSource;
  /** Validation batches, evaluated in inference mode after every epoch. */
  readonly val?: BatchSource;
  readonly loss: LossSpec;
  readonly optimizer: OptimizerSpec;
  readonly schedule?: LrScheduleSpec;
  readonly earlyStopping?: EarlyStoppingSpec;
  readonly epochs: number;
  /** Seeds dropout masks (per epoch, step and call), so a rerun or a resume repeats exactly. */
  readonly seed: number;
  /** Checkpoint after every epoch here, and resume from the newest one found. Omit for none. */
  readonly checkpointDir?: string;
  /** Epoch checkpoints kept on disk (default 1). */
  readonly keepCheckpoints?: number;
  /** An earlier stage's network applied to every input batch first (see createInputTransform). */
  readonly inputTransform?: (x: tf.Tensor) => tf.Tensor;
  readonly onEpoch?: (record: EpochRecord) => void | Promise<void>;
  readonly onStep?: (record: StepRecord) => void | Promise<void>;
  /** Aborting stops at the next step; the last epoch checkpoint stays, so the stage can resume. */
  readonly signal?: AbortSignal;
}

export interface FitResult {
  /** Every epoch of the stage, including those done before a resume. */
  readonly history: readonly EpochRecord[];
  /** Epochs completed before this call (0 unless resumed from a checkpoint). */
  readonly resumedFromEpoch: number;
  readonly stoppedEarly: boolean;
  /** 1-based epoch with the best monitored value (early stopping only). */
  readonly bestEpoch?: number;
  /** The model holds the best epoch's weights rather than the last's. */
  readonly restoredBestWeights: boolean;
}

interface Run {
  readonly opts: FitOptions;
  readonly loss: Loss;
  readonly optimizer: Optimizer;
  readonly schedule: LrSchedule;
  readonly early?: EarlyStopping;
  readonly variables: tf.Variable[];
  readonly dropoutLayers: tf.layers.Layer[];
  readonly configKey: string;
  history: EpochRecord[];
  bestWeights: tf.Tensor[] | null;
  stopped: boolean;
  nextEpoch: number;
}

/** Trains `opts.model` for a stage: epochs of steps, validation, schedule, early stopping, checkpoints. */
export async function fit(opts: FitOptions): Promise<FitResult> {
  const run = prepareRun(opts);
  try {
    if (opts.checkpointDir) await resume(run, opts.checkpointDir);
    const resumedFromEpoch = run.nextEpoch;
    for (; run.nextEpoch < opts.epochs && !run.stopped; run.nextEpoch++) {
      const record = await runEpoch(run, run.nextEpoch);
      run.history.push(record);
      endEpoch(run, run.nextEpoch, record);
      if (opts.checkpointDir) await checkpoint(run, opts.checkpointDir, run.nextEpoch + 1);
      await opts.onEpoch?.(record);
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
  const configKey = stableJson({
    stage: opts.stage,
    kind: opts.kind,
    seed: opts.seed,
    loss: opts.loss,
    optimizer: opts.optimizer,
    schedule: opts.schedule ?? null,
    earlyStopping: opts.earlyStopping ?? null,
  });
  return {
    opts,
    loss,
    optimizer,
    schedule,
    early,
    configKey,
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

async function checkpoint(run: Run, dir: string, epochs: number): Promise<void> {
  const optimizerState = run.optimizer.getState();
  const content: CheckpointContent = {
    stage: run.opts.stage,
    configKey: run.configKey,
    epochs,
    stopped: run.stopped,
    schedule: run.schedule.getState(),
    earlyStopping: run.early?.getState() ?? null,
    optimizer: { type: run.optimizer.type, iterations: optimizerState.iterations },
    weightNames: weightNames(run.opts.model),
    history: run.history,
  };
  await writeCheckpoint(
    dir,
    content,
    {
      weights: run.opts.model.getWeights(),
      optimizerSlots: optimizerState.slots,
      bestWeights: run.bestWeights,
    },
    run.opts.keepCheckpoints ?? 1,
  );
}

/** Continues from the newest checkpoint in `dir`, if any: weights, optimizer, schedule, early stopping, history. */
async function resume(run: Run, dir: string): Promise<void> {
  const loaded = await readLatestCheckpoint(dir);
  if (!loaded) return;
  const { state, tensors, path } = loaded;
  try {
    if (state.configKey !== run.configKey) {
      throw new Error(
        `${path}: this checkpoint was written by stage "${state.stage}" with other settings (loss, optimizer, schedule, early stopping or seed); delete ${dir} to train this stage afresh`,
      );
    }
    setModelWeights(run.opts.model, state.weights, tensors.weights, `${path}/weights.bin`);
    run.optimizer.setState({ iterations: state.optimizer.iterations, slots: tensors.optimizerSlots });
    run.schedule.setState(state.schedule);
    if (run.early && state.earlyStopping) run.early.setState(state.earlyStopping);
    run.bestWeights = tensors.bestWeights ? [...tensors.bestWeights] : null;
    run.history = [...state.history];
    run.stopped = state.stopped;
    run.nextEpoch = state.epochs;
  } finally {
    for (const t of [...tensors.weights, ...tensors.optimizerSlots]) t.dispose();
    if (run.bestWeights === null) for (const t of tensors.bestWeights ?? []) t.dispose();
  }
}

/** JSON with sorted keys, so equal settings give equal keys whatever order the spec wrote them in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
