import type { LossSpec } from '../../schema/generated/experiment.js';
import { createHardnet } from './hardnet.js';
import type { Loss } from './loss.js';
import { createMae } from './mae.js';
import { createMse } from './mse.js';
import { createTriplet } from './triplet.js';

export type { Loss, PairLoss, TripletLoss } from './loss.js';

type LossFactories = { readonly [T in LossSpec['type']]: (spec: Extract<LossSpec, { type: T }>) => Loss };

/** Every loss type of stage.schema.json → its factory (typed over the generated union: a missing one does not compile). */
export const LOSSES: LossFactories = Object.freeze({
  hardnet: createHardnet,
  mae: createMae,
  mse: createMse,
  triplet: createTriplet,
});

export function createLoss(spec: LossSpec): Loss {
  const factory = LOSSES[spec.type] as (s: LossSpec) => Loss;
  return factory(spec);
}
