// The one-op self-test a back end must pass before trellis trains on it: a 2x2 convolution of a
// 3x3 ramp and the filter gradient of its sum, against values worked out by hand. It catches a
// native library that loads but computes garbage (version skew) and a missing or wrong
// Conv2DBackpropFilter on wasm, in a few milliseconds.
import * as tf from '@tensorflow/tfjs';

// x = [[1,2,3],[4,5,6],[7,8,9]], filter = ones 2x2, valid: each output sums a 2x2 window; the
// gradient of sum(conv) wrt each filter tap sums the same windows.
const EXPECTED_CONV = [12, 16, 24, 28];
const EXPECTED_FILTER_GRAD = [12, 16, 24, 28];

export interface SelfTestResult {
  ok: boolean;
  why: string;
}

/** Runs on the active tfjs back end; never throws. */
export function runBackendSelfTest(): SelfTestResult {
  try {
    const [conv, grad] = tf.tidy(() => {
      const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
      const f = tf.ones([2, 2, 1, 1]) as tf.Tensor4D;
      const y = tf.conv2d(x, f, 1, 'valid');
      const g = tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(x, w as tf.Tensor4D, 1, 'valid')))(f);
      return [Array.from(y.dataSync()), Array.from(g.dataSync())];
    });
    const bad =
      mismatch('conv2d', conv, EXPECTED_CONV) ??
      mismatch('conv2d filter gradient', grad, EXPECTED_FILTER_GRAD);
    return bad
      ? { ok: false, why: bad }
      : { ok: true, why: 'self-test passed (conv2d and its filter gradient)' };
  } catch (e) {
    return { ok: false, why: `self-test threw: ${(e as Error).message.split('\n')[0]}` };
  }
}

function mismatch(what: string, got: number[], want: number[]): string | undefined {
  const off = got.length !== want.length || got.some((v, i) => Math.abs(v - want[i]) > 1e-4);
  return off ? `self-test: ${what} gave [${got.join(', ')}], expected [${want.join(', ')}]` : undefined;
}
