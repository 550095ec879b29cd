import * as tf from '@tensorflow/tfjs';
import type { Initializer } from '../schema/generated/experiment.js';

type TfInitializer = ReturnType<typeof tf.initializers.heNormal>;
type TfRegularizer = ReturnType<typeof tf.regularizers.l1l2>;

/** A seeded tfjs initializer for a spec initializer name (Keras spelling → tfjs factory). */
export function makeInitializer(name: Initializer, seed: number): TfInitializer {
  switch (name) {
    case 'he_normal':
      return tf.initializers.heNormal({ seed });
    case 'he_uniform':
      return tf.initializers.heUniform({ seed });
    case 'glorot_uniform':
      return tf.initializers.glorotUniform({ seed });
    case 'glorot_normal':
      return tf.initializers.glorotNormal({ seed });
    case 'lecun_normal':
      return tf.initializers.leCunNormal({ seed });
    case 'lecun_uniform':
      return tf.initializers.leCunUniform({ seed });
    case 'zeros':
      return tf.initializers.zeros();
    case 'ones':
      return tf.initializers.ones();
  }
}

/** A kernel regularizer when l1 or l2 is set. */
export function makeRegularizer(l: { l1?: number; l2?: number }): TfRegularizer | undefined {
  if (!l.l1 && !l.l2) return undefined;
  return tf.regularizers.l1l2({ l1: l.l1 ?? 0, l2: l.l2 ?? 0 });
}
