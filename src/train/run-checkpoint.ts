import type { CheckpointContent } from './checkpoint.js';
import { readLatestCheckpoint, writeCheckpoint } from './checkpoint.js';
import type { FitOptions, Run } from './fit-types.js';
import { setModelWeights, weightNames } from './model-weights.js';

/** Writes the run's state after `epochs` completed epochs. */
export async function saveRunCheckpoint(run: Run, dir: string, epochs: number): Promise<void> {
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
export async function resumeRun(run: Run, dir: string): Promise<void> {
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

/** The settings a checkpoint must share with the run resuming it (not `epochs`: a stage may be extended). */
export function configKeyOf(opts: FitOptions): string {
  return stableJson({
    stage: opts.stage,
    kind: opts.kind,
    seed: opts.seed,
    loss: opts.loss,
    optimizer: opts.optimizer,
    schedule: opts.schedule ?? null,
    earlyStopping: opts.earlyStopping ?? null,
  });
}

/** JSON with sorted keys, so equal settings give equal keys whatever order the spec wrote them in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
