import * as tf from '@tensorflow/tfjs';
import type { RmspropOptimizer } from '../../schema/generated/experiment.js';
import { withDefaults } from '../spec-defaults.js';
import { Slots, type Optimizer } from './optimizer.js';

/**
 * Keras 2.2 RMSprop (keras/optimizers.py): a ← ρ·a + (1 − ρ)·g²; w ← w − lr·g/(√a + ε).
 * (TF.js's tf.train.rmsprop and TF's ApplyRMSProp put ε inside the square root.)
 */
export function createRmsprop(spec: RmspropOptimizer): Optimizer {
  const { lr, rho, epsilon } = withDefaults('rmsprop_optimizer', spec);
  const slots = new Slots(1);
  let iterations = 0;
  return {
    type: 'rmsprop',
    learningRate: lr,
    applyGradients(variables, gradients) {
      const rate = this.learningRate;
      tf.tidy(() => {
        variables.forEach((w, i) => {
          const [a] = slots.of(i, w);
          const g = gradients[i];
          const aT = tf.add(tf.mul(rho, a), tf.mul(1 - rho, tf.square(g)));
          a.assign(aT);
          w.assign(tf.sub(w, tf.div(tf.mul(rate, g), tf.add(tf.sqrt(aT), epsilon))));
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
