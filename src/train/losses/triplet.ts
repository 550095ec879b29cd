import * as tf from '@tensorflow/tfjs';
import type { TripletLoss as TripletLossSpec } from '../../schema/generated/experiment.js';
import { withDefaults } from '../spec-defaults.js';
import type { TripletLoss } from './loss.js';

/**
 * Triplet margin loss, per triplet max(0, d(a, p) − d(a, n) + margin), averaged over the batch.
 * `mean_squared` is the study's Keras Lambda (KTD Baseline_code.ipynb): K.mean(K.square(a − p), axis=-1).
 */
export function createTriplet(spec: TripletLossSpec): TripletLoss {
  const { margin, distance } = withDefaults('triplet_loss', spec);
  const d = (x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D =>
    distance === 'mean_squared'
      ? tf.mean(tf.squaredDifference(x, y), -1)
      : tf.sum(tf.squaredDifference(x, y), -1);
  return {
    kind: 'triplets',
    compute: (anchor, positive, negative) =>
      tf.mean(tf.relu(tf.add(tf.sub(d(anchor, positive), d(anchor, negative)), margin))) as tf.Scalar,
  };
}
