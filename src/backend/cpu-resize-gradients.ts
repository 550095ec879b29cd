// Correct gradients of the resize ops for the cpu back end. In tfjs-backend-cpu 4.22
// `ResizeNearestNeighborGrad` returns wrong values for batches larger than one and
// `ResizeBilinearGrad` fails on non-square images (it swaps height and width), so a U-Net with
// upsampling does not train correctly on cpu. A resize is linear and separable, so its gradient
// is two small matMuls with the interpolation matrices (built from the cpu forward's own
// source-index formulas); it runs on any back end. wasm's own resize gradients are correct.
import * as tf from '@tensorflow/tfjs';

export const CPU_RESIZE_GRADIENT_KERNELS = ['ResizeBilinearGrad', 'ResizeNearestNeighborGrad'] as const;

let installed = false;

/** Registers the corrected resize gradients on the cpu back end (idempotent). */
export function installCpuResizeGradients(): void {
  if (installed) return;
  for (const name of CPU_RESIZE_GRADIENT_KERNELS) {
    if (tf.getKernel(name, 'cpu')) tf.unregisterKernel(name, 'cpu');
  }
  tf.registerKernel({
    kernelName: 'ResizeNearestNeighborGrad',
    backendName: 'cpu',
    kernelFunc: (a) => resizeBackprop('nearest', a),
  });
  tf.registerKernel({
    kernelName: 'ResizeBilinearGrad',
    backendName: 'cpu',
    kernelFunc: (a) => resizeBackprop('bilinear', a),
  });
  installed = true;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

function resizeBackprop(mode: 'nearest' | 'bilinear', args: KernelArgs): tf.TensorInfo {
  const dy = args.inputs.dy as tf.Tensor4D;
  const images = args.inputs.images as tf.Tensor4D;
  const flags = args.attrs as unknown as ResizeFlags;
  return tf.tidy(() => resizeGradient(mode, dy, images.shape, flags));
}

interface ResizeFlags {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/**
 * A resize is linear and separable: out = Mh · in · Mw^T per channel, with the interpolation
 * matrices built from the cpu back end's own source-index formulas. Its gradient is
 * dx = Mh^T · dy · Mw, two small matMuls.
 */
function resizeGradient(
  mode: 'nearest' | 'bilinear',
  dy: tf.Tensor4D,
  inShape: number[],
  flags: ResizeFlags,
): tf.Tensor4D {
  const [n, ho, wo, c] = dy.shape;
  const [, h, w] = inShape;
  const mh = tf.tensor2d(resizeMatrix(mode, h, ho, flags), [ho, h]);
  const mw = tf.tensor2d(resizeMatrix(mode, w, wo, flags), [wo, w]);
  const byRows = tf.matMul(tf.reshape(tf.transpose(dy, [0, 2, 3, 1]), [n * wo * c, ho]), mh); // [N, Wo, C, H]
  const byCols = tf.matMul(
    tf.reshape(tf.transpose(tf.reshape(byRows, [n, wo, c, h]), [0, 3, 2, 1]), [n * h * c, wo]),
    mw,
  );
  return tf.transpose(tf.reshape(byCols, [n, h, c, w]), [0, 1, 3, 2]);
}

/** Row-major [outSize, inSize] weights of one resize axis (tfjs-backend-cpu's formulas). */
function resizeMatrix(
  mode: 'nearest' | 'bilinear',
  inSize: number,
  outSize: number,
  f: ResizeFlags,
): Float32Array {
  const m = new Float32Array(outSize * inSize);
  const effIn = f.alignCorners && outSize > 1 ? inSize - 1 : inSize;
  const effOut = f.alignCorners && outSize > 1 ? outSize - 1 : outSize;
  const ratio = effIn / effOut;
  for (let r = 0; r < outSize; r++) {
    if (mode === 'nearest') {
      const src = f.halfPixelCenters ? ratio * (r + 0.5) : ratio * r;
      let k = Math.min(inSize - 1, f.alignCorners ? Math.round(src) : Math.floor(src));
      if (f.halfPixelCenters) k = Math.max(0, k);
      m[r * inSize + k] = 1;
    } else {
      const src = f.halfPixelCenters ? ratio * (r + 0.5) - 0.5 : ratio * r;
      const lo = Math.max(0, Math.floor(src));
      const hi = Math.min(inSize - 1, Math.ceil(src));
      const frac = src - lo;
      m[r * inSize + lo] += 1 - frac;
      m[r * inSize + hi] += frac;
    }
  }
  return m;
}
