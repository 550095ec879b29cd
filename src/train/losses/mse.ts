import * as tf from '@tensorflow/tfjs';
import type { MseLoss } from '../../schema/generated/experiment.js';
import type { PairLoss } from './loss.js';

/** Keras `mean_squared_error`: mean over all elements. */
export function createMse(_spec: MseLoss): PairLoss {
  return {
    kind: 'pairs',
    compute: (prediction, target) => tf.mean(tf.squaredDifference(prediction, target)) as tf.Scalar,
  };
}
