// Runs a gradient case on the active back end with inputs, weights and the output weighting
// drawn from the trellis PRNG, so every back end sees exactly the same numbers.
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../../src/random/seeded-rng.js';
import type { GradientCase } from './gradient-cases.js';

export interface CaseResult {
  value: number;
  /** d loss / d input for each input, then d loss / d weight for each trainable weight. */
  grads: { name: string; values: Float32Array }[];
}

export function seededTensor(shape: number[], rng: Rng, positive = false): tf.Tensor {
  const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < v.length; i++) v[i] = positive ? 0.5 + rng.next() : 0.5 * rng.normal();
  return tf.tensor(v, shape);
}

/** loss = sum(f(inputs) * r); returns it and its gradients wrt the inputs and trainable weights. */
export function runCase(c: GradientCase, seed: number): CaseResult {
  const rng = createRng(seed);
  const { layers, fn } = c.build();
  const inputs = c.inputShapes.map((s, i) => tf.variable(seededTensor(s, rng.fork(`x${i}`))));
  const probe = tf.tidy(() => fn(inputs)); // builds the layers' weights
  const r = seededTensor([...probe.shape], rng.fork('r'));
  probe.dispose();
  for (const [li, layer] of layers.entries()) {
    const fresh = layer.weights.map((w, wi) =>
      seededTensor(w.shape as number[], rng.fork(`w${li}.${wi}`), w.name.includes('variance')),
    );
    layer.setWeights(fresh);
    tf.dispose(fresh);
  }
  const weights = layers.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
  const names = [
    ...c.inputShapes.map((_, i) => `input ${i}`),
    ...layers.flatMap((l) => l.trainableWeights.map((w) => w.originalName)),
  ];
  const { value, grads } = tf.variableGrads(
    () => tf.sum(tf.mul(fn(inputs), r)) as tf.Scalar,
    [...inputs, ...weights],
  );
  const result: CaseResult = {
    value: value.dataSync()[0],
    grads: [...inputs, ...weights].map((v, i) => ({
      name: names[i],
      values: grads[v.name].dataSync() as Float32Array,
    })),
  };
  tf.dispose([value, ...Object.values(grads), r, ...inputs]);
  layers.forEach((l) => l.dispose());
  return result;
}

/**
 * The exact input gradient of a weightless linear case from forward passes alone: with the same
 * seeded output weighting r as runCase, component i is sum(f(e_i) * r).
 */
export function linearCaseGradient(c: GradientCase, seed: number): CaseResult {
  const rng = createRng(seed);
  const { fn } = c.build();
  const shape = c.inputShapes[0];
  const x = seededTensor(shape, rng.fork('x0'));
  const probe = fn([x]);
  const r = seededTensor([...probe.shape], rng.fork('r'));
  const size = x.size;
  const g = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    g[i] = tf.tidy(() => {
      const e = tf.reshape(tf.oneHot(tf.tensor1d([i], 'int32'), size), shape);
      return tf.sum(tf.mul(fn([e]), r)).dataSync()[0];
    });
  }
  const value = tf.tidy(() => tf.sum(tf.mul(probe, r)).dataSync()[0]);
  tf.dispose([x, probe, r]);
  return { value, grads: [{ name: 'input 0', values: g }] };
}

/** Largest |a - b| over the largest |b| (at least 1): the error relative to the gradient's scale. */
export function relativeMaxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return a.length === b.length ? diff / scale : Infinity;
}
