import * as tf from '@tensorflow/tfjs';
import type { SgdOptimizer } from '../../schema/generated/experiment.js';
import { withDefaults } from '../spec-defaults.js';
import { Slots, type Optimizer } from './optimizer.js';

/**
 * Keras 2.2 SGD (keras/optimizers.py): v ← m·v − lr·g; w ← w + v, or w ← w + m·v − lr·g with Nesterov.
 * The velocity holds lr·g, so a schedule's new rate applies to new gradients only, as in Keras.
 */
export function createSgd(spec: SgdOptimizer): Optimizer {
  const { lr, momentum, nesterov } = withDefaults('sgd_optimizer', spec);
  const slots = new Slots(momentum > 0 ? 1 : 0);
  let iterations = 0;
  return {
    type: 'sgd',
    learningRate: lr,
    applyGradients(variables, gradients) {
      const rate = this.learningRate;
      tf.tidy(() => {
        const lrT = tf.scalar(rate);
        variables.forEach((w, i) => {
          const step = tf.mul(lrT, gradients[i]);
          if (momentum === 0) {
            w.assign(tf.sub(w, step));
            return;
          }
          const [velocity] = slots.of(i, w);
          const v = tf.sub(tf.mul(momentum, velocity), step);
          velocity.assign(v);
          w.assign(nesterov ? tf.sub(tf.add(w, tf.mul(momentum, v)), step) : tf.add(w, v));
        });
      });
      iterations++;
    },
    getState: () => ({ iterations, slots: slots.flat() }),
    setState(state) {
      iterations = state.iterations;
      slots.restore(state.slots);
    },
    dispose: () => slots.dispose(),
  };
}
