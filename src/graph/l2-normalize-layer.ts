import * as tf from '@tensorflow/tfjs';

export interface L2NormalizeArgs {
  axis?: number;
  epsilon?: number;
  name?: string;
}

/**
 * x / sqrt(max(sum(x², axis), epsilon)), as Keras' K.l2_normalize. tfjs has no such layer, so saved
 * models name this class; call registerCustomLayers() before tf.loadLayersModel.
 */
export class L2Normalize extends tf.layers.Layer {
  static readonly className = 'L2Normalize';
  private readonly axis: number;
  private readonly epsilon: number;

  constructor(args: L2NormalizeArgs = {}) {
    super({ name: args.name });
    this.axis = args.axis ?? -1;
    this.epsilon = args.epsilon ?? 1e-12;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const squared = tf.sum(tf.square(x), this.axis, true);
      return tf.mul(x, tf.rsqrt(tf.maximum(squared, this.epsilon)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis, epsilon: this.epsilon };
  }
}

/** Makes the custom layer classes known to tfjs deserialization. Idempotent; call once before loading. */
export function registerCustomLayers(): void {
  tf.serialization.registerClass(L2Normalize);
}
