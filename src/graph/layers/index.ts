import type { Layer } from '../../schema/generated/experiment.js';
import type { LayerType } from '../../schema/generated/layer-types.js';
import { activation } from './activation.js';
import { batchNorm } from './batch-norm.js';
import { concat } from './concat.js';
import { conv2dTranspose } from './conv2d-transpose.js';
import { conv2d } from './conv2d.js';
import { crop } from './crop.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { flatten } from './flatten.js';
import { globalAvgPool, globalMaxPool } from './global-pooling.js';
import { input } from './input.js';
import { l2Normalize } from './l2-normalize.js';
import type { LayerKind } from './layer-kind.js';
import { add, multiply } from './merge.js';
import { avgPool, maxPool } from './pooling.js';
import { reshape } from './reshape.js';
import { upsample } from './upsample.js';
import { zeroPad } from './zero-pad.js';

/** Every layer type's behaviour; typed over the generated union, so a schema without a builder does not compile. */
export const LAYER_KINDS: { readonly [T in LayerType]: LayerKind<Extract<Layer, { type: T }>> } = {
  activation,
  add,
  avg_pool: avgPool,
  batch_norm: batchNorm,
  concat,
  conv2d,
  conv2d_transpose: conv2dTranspose,
  crop,
  dense,
  dropout,
  flatten,
  global_avg_pool: globalAvgPool,
  global_max_pool: globalMaxPool,
  input,
  l2_normalize: l2Normalize,
  max_pool: maxPool,
  multiply,
  reshape,
  upsample,
  zero_pad: zeroPad,
};

/** The kind of a layer, typed loosely for generic graph code (the layer and kind always agree on `type`). */
export function kindOf(layer: Layer): LayerKind<Layer> {
  return LAYER_KINDS[layer.type] as LayerKind<Layer>;
}
