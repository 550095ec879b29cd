import * as tf from '@tensorflow/tfjs';
import type { MaeLoss } from '../../schema/generated/experiment.js';
import type { PairLoss } from './loss.js';

/** Keras `mean_absolute_error`: mean over all elements (equal-sized samples, so = mean of per-sample means). */
export function createMae(_spec: MaeLoss): PairLoss {
  return {
    kind: 'pairs',
    compute: (prediction, target) => tf.mean(tf.abs(tf.sub(prediction, target))) as tf.Scalar,
  };
}
