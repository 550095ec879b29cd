import type { OptimizerSpec } from '../../schema/generated/experiment.js';
import { createAdam } from './adam.js';
import type { Optimizer } from './optimizer.js';
import { createRmsprop } from './rmsprop.js';
import { createSgd } from './sgd.js';

export type { Optimizer, OptimizerState } from './optimizer.js';

type OptimizerFactories = {
  readonly [T in OptimizerSpec['type']]: (spec: Extract<OptimizerSpec, { type: T }>) => Optimizer;
};

/** Every optimizer type of stage.schema.json → its factory. */
export const OPTIMIZERS: OptimizerFactories = Object.freeze({
  adam: createAdam,
  rmsprop: createRmsprop,
  sgd: createSgd,
});

export function createOptimizer(spec: OptimizerSpec): Optimizer {
  const factory = OPTIMIZERS[spec.type] as (s: OptimizerSpec) => Optimizer;
  return factory(spec);
}
