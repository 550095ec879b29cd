import type * as tf from '@tensorflow/tfjs';

/** A loss on (prediction, target) pairs, e.g. a denoiser's output vs the clean patch. */
export interface PairLoss {
  readonly kind: 'pairs';
  compute(prediction: tf.Tensor, target: tf.Tensor): tf.Scalar;
}

/** A loss on the descriptors of (anchor, positive, negative) computed by one shared network: [n, D] each. */
export interface TripletLoss {
  readonly kind: 'triplets';
  compute(anchor: tf.Tensor2D, positive: tf.Tensor2D, negative: tf.Tensor2D): tf.Scalar;
}

export type Loss = PairLoss | TripletLoss;
