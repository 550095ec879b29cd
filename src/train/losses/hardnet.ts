import * as tf from '@tensorflow/tfjs';
import type { HardnetLoss } from '../../schema/generated/experiment.js';
import { withDefaults } from '../spec-defaults.js';
import type { TripletLoss } from './loss.js';

/** HardNet's eps inside the square root (hardnet/code/Losses.py distance_matrix_vector), keeps the gradient finite at 0. */
const SQRT_EPS = 1e-6;

/** Pairwise L2 distances between the rows of a [n, D] and p [n, D]: [n, n], entry (i, j) = d(a_i, p_j). */
export function distanceMatrix(a: tf.Tensor2D, p: tf.Tensor2D): tf.Tensor2D {
  const diff = tf.sub(tf.expandDims(a, 1), tf.expandDims(p, 0));
  return tf.sqrt(tf.add(tf.sum(tf.square(diff), -1), SQRT_EPS)) as tf.Tensor2D;
}

/**
 * HardNet (Mishchuk et al., NIPS 2017) with anchor swap: for each matching pair the hardest negative is the
 * closest non-matching descriptor among the other positives (row of D) and the other anchors (column of D).
 * The batch supplies the negatives; the sampled ones are not used.
 */
export function createHardnet(spec: HardnetLoss): TripletLoss {
  const { margin } = withDefaults('hardnet_loss', spec);
  return {
    kind: 'triplets',
    compute: (anchor, positive) => {
      const n = anchor.shape[0];
      const dist = distanceMatrix(anchor, positive);
      const eye = tf.eye(n);
      const positives = tf.sum(tf.mul(dist, eye), 1);
      // Push the diagonal out of reach of the min (HardNet adds 10·I for the same reason; inputs here are not L2-normalised, so use the max).
      const masked = tf.add(dist, tf.mul(eye, tf.add(tf.max(dist), 1)));
      const hardest = tf.minimum(tf.min(masked, 1), tf.min(masked, 0));
      return tf.mean(tf.relu(tf.add(tf.sub(positives, hardest), margin))) as tf.Scalar;
    },
  };
}
