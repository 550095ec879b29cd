import { hashOf } from '../io/canonical-json.js';

/** Everything that determines a stage's outputs; the stage cache is keyed by its hash. */
export interface StageKeyInput {
  readonly stage: unknown;
  /** The resolved network spec the stage trains (after block expansion is not needed: the spec is enough). */
  readonly model: unknown;
  /** Keys of the stages whose outputs this stage consumes (input transforms), in order. */
  readonly upstream: readonly string[];
  readonly data: unknown;
  readonly seed: number;
  readonly version: string;
}

/**
 * The cache key of a stage: a hash of its config, its model, its upstream stage keys, the data spec,
 * the seed and the trellis version. Names are left out on purpose: renaming a stage must not retrain it.
 */
export function stageKey(input: StageKeyInput): string {
  return hashOf(
    { stage: input.stage, model: input.model, upstream: input.upstream, data: input.data, seed: input.seed, version: input.version },
    16,
  );
}
