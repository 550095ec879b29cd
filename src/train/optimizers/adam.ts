import * as tf from '@tensorflow/tfjs';
import type { AdamOptimizer } from '../../schema/generated/experiment.js';
import { withDefaults } from '../spec-defaults.js';
import { Slots, type Optimizer } from './optimizer.js';

/**
 * Keras 2.2 Adam (keras/optimizers.py; tf.keras' ResourceApplyAdam is the same rule):
 * t ← t + 1; lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
 * w ← w − lr_t·m/(√v + ε). TF.js's tf.train.adam adds ε to the bias-corrected √v̂ instead, which
 * differs early in training when v is tiny.
 */
export function createAdam(spec: AdamOptimizer): Optimizer {
  const { lr, beta1, beta2, epsilon } = withDefaults('adam_optimizer', spec);
  const slots = new Slots(2);
  let iterations = 0;
  return {
    type: 'adam',
    learningRate: lr,
    applyGradients(variables, gradients) {
      const t = iterations + 1;
      const lrT = (this.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      tf.tidy(() => {
        variables.forEach((w, i) => {
          const [m, v] = slots.of(i, w);
          const g = gradients[i];
          const mT = tf.add(tf.mul(beta1, m), tf.mul(1 - beta1, g));
          const vT = tf.add(tf.mul(beta2, v), tf.mul(1 - beta2, tf.square(g)));
          m.assign(mT);
          v.assign(vT);
          w.assign(tf.sub(w, tf.div(tf.mul(lrT, mT), tf.add(tf.sqrt(vT), epsilon))));
        });
      });
      iterations = t;
    },
    getState: () => ({ iterations, slots: slots.flat() }),
    setState(state) {
      iterations = state.iterations;
      slots.restore(state.slots);
    },
    dispose: () => slots.dispose(),
  };
}
