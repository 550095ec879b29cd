import type * as tf from '@tensorflow/tfjs';
import type { Shape } from '../shape.js';

/** One input of a layer as seen by shape inference: its shape and the layer that made it. */
export interface ShapeInput {
  readonly shape: Shape;
  readonly name: string;
}

/** A problem found while inferring a layer's output shape; `field` is the offending key, if one. */
export interface ShapeProblem {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly field?: string;
}

export interface ParamCount {
  readonly trainable: number;
  readonly nonTrainable: number;
}

export interface BuildContext {
  /** Unique layer name in the model (scoped for layers made by blocks). */
  readonly name: string;
  /** Shapes of the layer's inputs as planned (without the batch dimension). */
  readonly inputShapes: readonly Shape[];
  /** A seed for one random part of this layer (e.g. 'kernel'), derived from the build seed and the name. */
  seedFor(part: string): number;
}

/**
 * How one layer type behaves. Layers arrive with their schema defaults filled in (see
 * validate-layer.ts), so optional keys that have a schema default are present.
 */
export interface LayerKind<L> {
  /** Number of inputs: none (model inputs), exactly one, or two or more (merges). */
  readonly arity: 'none' | 'one' | 'many';
  /** Output shape from input shapes; reports problems and returns undefined when there is none. */
  outputShape(l: L, inputs: readonly ShapeInput[], report: (p: ShapeProblem) => void): Shape | undefined;
  params(l: L, inputs: readonly Shape[]): ParamCount;
  /** Floating-point operations for one sample at inference (a multiply-add counts 2). */
  flops(l: L, inputs: readonly Shape[], output: Shape): number;
  build(l: L, ctx: BuildContext): tf.layers.Layer;
}

export const NO_PARAMS: ParamCount = { trainable: 0, nonTrainable: 0 };
