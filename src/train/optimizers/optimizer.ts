import * as tf from '@tensorflow/tfjs';
import type { OptimizerSpec } from '../../schema/generated/experiment.js';

/**
 * An optimizer with Keras 2.2 update rules. Our own rather than tf.train.*: TF.js's momentum keeps its
 * velocity in gradient units (so a learning-rate change rescales past steps, unlike Keras) and its Adam and
 * RMSprop place epsilon differently; here the rule is the one written in the schema description.
 */
export interface Optimizer {
  readonly type: OptimizerSpec['type'];
  /** Rate used by the next update; schedules set it between epochs. */
  learningRate: number;
  /** One update of `variables` by `gradients` (same order, same shapes). */
  applyGradients(variables: readonly tf.Variable[], gradients: readonly tf.Tensor[]): void;
  /** Everything needed to continue exactly: the update count and the slot tensors (per variable, in order). */
  getState(): OptimizerState;
  /** Restores `getState()`'s result (tensors are copied; the caller keeps ownership). */
  setState(state: OptimizerState): void;
  dispose(): void;
}

export interface OptimizerState {
  readonly iterations: number;
  readonly slots: readonly tf.Tensor[];
}

/**
 * Per-variable slot variables (momentum, moments, …), created as zeros at the first update, so that an
 * optimizer is usable before it knows the model and a checkpoint restores by position.
 */
export class Slots {
  private readonly store: tf.Variable[][] = [];

  constructor(private readonly perVariable: number) {}

  /** The slots of variable i, created as zeros shaped like it on first use. */
  of(i: number, variable: tf.Variable): tf.Variable[] {
    if (!this.store[i]) {
      this.store[i] = Array.from({ length: this.perVariable }, () =>
        tf.variable(tf.zerosLike(variable), false),
      );
    }
    return this.store[i];
  }

  flat(): tf.Tensor[] {
    return this.store.flat();
  }

  restore(tensors: readonly tf.Tensor[]): void {
    if (this.perVariable === 0 ? tensors.length > 0 : tensors.length % this.perVariable !== 0) {
      throw new Error(
        `optimizer state has ${tensors.length} slot tensors, not a multiple of ${this.perVariable} per variable`,
      );
    }
    this.dispose();
    for (let i = 0; i * this.perVariable < tensors.length; i++) {
      this.store[i] = tensors
        .slice(i * this.perVariable, (i + 1) * this.perVariable)
        .map((t) => tf.variable(t.clone(), false));
    }
  }

  dispose(): void {
    for (const v of this.store.flat()) v.dispose();
    this.store.length = 0;
  }
}
