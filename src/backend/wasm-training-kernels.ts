// Training kernels for the tfjs wasm back end.
//
// Out of the box the wasm back end cannot train a conv net: `Conv2DBackpropFilter` is not
// registered, `Conv2DBackpropInput` is a naive loop (~10x the forward time), the batch-norm
// gradient spends its time in a generic `Tile`, and `MaxPoolGrad` returns wrong values in
// tfjs-backend-wasm 4.22 (caught by test/backend/wasm-gradients.test.ts). Each one is re-expressed
// here with kernels XNNPACK makes fast (`Conv2D`, `BatchMatMul`, broadcasting `Multiply`, pools,
// resizes), see ../shared/notes/tfjs-backends.md. The kernels call tf ops, which
// run on wasm because a kernel only runs while wasm is the active back end. Configurations outside the fast paths (NCHW, dilations,
// unusual explicit pads, non-float tensors) fall through to the kernel wasm shipped with.
import * as tf from '@tensorflow/tfjs';

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;
type Pad = 'same' | 'valid' | number | number[][];
type Pads = [[number, number], [number, number], [number, number], [number, number]];

interface ConvGradAttrs {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Kernel names this module replaces on the wasm back end. */
export const WASM_TRAINING_KERNELS = [
  'BatchMatMul',
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'MaxPoolGrad',
  'Mean',
  'Sum',
  'Tile',
] as const;

const originals = new Map<string, tf.KernelConfig | undefined>();

/**
 * Registers the fast training kernels on the wasm back end (idempotent). Call it after
 * `tf.setBackend('wasm')` has resolved: the kernels replaced here keep the originals as a
 * fallback, and the originals only work once the back end has run their setup.
 */
export function installWasmTrainingKernels(): void {
  if (tf.findBackend('wasm') == null) {
    throw new Error(
      'installWasmTrainingKernels: the wasm back end is not initialised; ' +
        "await tf.setBackend('wasm') (or selectBackend('wasm')) first",
    );
  }
  if (originals.size > 0) return;
  for (const name of WASM_TRAINING_KERNELS) {
    const original = tf.getKernel(name, 'wasm');
    originals.set(name, original);
    if (original) tf.unregisterKernel(name, 'wasm');
  }
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: conv2dBackpropFilter,
  });
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: conv2dBackpropInput,
  });
  tf.registerKernel({ kernelName: 'Tile', backendName: 'wasm', kernelFunc: tileByBroadcast });
  tf.registerKernel({ kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc: matMulTransposingA });
  tf.registerKernel({
    kernelName: 'Sum',
    backendName: 'wasm',
    kernelFunc: (a) => leadingAxesReduction('Sum', a),
  });
  tf.registerKernel({
    kernelName: 'Mean',
    backendName: 'wasm',
    kernelFunc: (a) => leadingAxesReduction('Mean', a),
  });
  tf.registerKernel({ kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolBackprop });
}

/** Puts back the kernels wasm shipped with (tests use it to compare against the originals). */
export function uninstallWasmTrainingKernels(): void {
  disposeReductionColumns();
  for (const [name, original] of originals) {
    tf.unregisterKernel(name, 'wasm');
    if (original) tf.registerKernel(original);
  }
  originals.clear();
}

export function wasmTrainingKernelsInstalled(): boolean {
  return originals.size > 0;
}

// ---------------------------------------------------------------------------------------------
// Kernel adapters: unpack the kernel call, pick the fast path or fall back to the original.

type KernelArgs = Parameters<tf.KernelFunc>[0];

function conv2dBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as ConvGradAttrs & { filterShape: [number, number, number, number] };
  const x = asTensor4D(args.inputs.x as tf.TensorInfo);
  const dy = asTensor4D(args.inputs.dy as tf.TensorInfo);
  const info = fastConvInfo(x.shape, attrs.filterShape, attrs);
  if (info == null || x.dtype !== 'float32') return fallback('Conv2DBackpropFilter', args);
  return tf.tidy(() => filterGradient(x, dy, info));
}

function conv2dBackpropInput(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as ConvGradAttrs & { inputShape: [number, number, number, number] };
  const dy = asTensor4D(args.inputs.dy as tf.TensorInfo);
  const filter = asTensor4D(args.inputs.filter as tf.TensorInfo);
  const info = fastConvInfo(attrs.inputShape, filter.shape, attrs);
  if (info == null || dy.dtype !== 'float32') return fallback('Conv2DBackpropInput', args);
  return tf.tidy(() => inputGradient(dy, filter, info));
}

/**
 * wasm multiplies with a transposed first operand in a plain loop (~2 GFLOP/s; a dense layer's
 * weight gradient x^T dy is one): transpose it explicitly and let XNNPACK multiply. Products
 * with a narrow second operand (the ones column of the reductions) stay in the loop, which is
 * cheaper than the transpose there.
 */
function matMulTransposingA(args: KernelArgs): tf.TensorInfo {
  const a = asTensor(args.inputs.a as tf.TensorInfo);
  const b = asTensor(args.inputs.b as tf.TensorInfo);
  const attrs = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  const cols = attrs.transposeB ? b.shape[b.rank - 2] : b.shape[b.rank - 1];
  if (!attrs.transposeA || cols < 16 || a.dtype !== 'float32') return fallback('BatchMatMul', args);
  const perm = [...a.shape.keys()];
  [perm[a.rank - 2], perm[a.rank - 1]] = [perm[a.rank - 1], perm[a.rank - 2]];
  const at = tf.transpose(a, perm);
  const out = fallback('BatchMatMul', {
    ...args,
    inputs: { a: at, b },
    attrs: { ...args.attrs, transposeA: false },
  });
  at.dispose();
  return out;
}

function tileByBroadcast(args: KernelArgs): tf.TensorInfo {
  const x = asTensor(args.inputs.x as tf.TensorInfo);
  const { reps } = args.attrs as unknown as { reps: number[] };
  if (x.dtype !== 'float32' || x.rank > 4) return fallback('Tile', args);
  return tf.tidy(() => tile(x, reps));
}

function maxPoolBackprop(args: KernelArgs): tf.TensorInfo {
  const dy = asTensor4D(args.inputs.dy as tf.TensorInfo);
  const x = asTensor4D(args.inputs.input as tf.TensorInfo);
  const y = asTensor4D(args.inputs.output as tf.TensorInfo);
  const a = args.attrs as unknown as {
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: Pad;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const info = tf.backend_util.computePool2DInfo(
    x.shape,
    a.filterSize,
    a.strides,
    1,
    a.pad as 'same',
    a.dimRoundingMode,
  );
  if (x.dtype !== 'float32') return fallback('MaxPoolGrad', args);
  return tf.tidy(() => maxPoolGradient(dy, x, y, info));
}

/**
 * Sum / mean over the leading axes (batch-norm statistics and gradients, bias gradients reduce
 * [N, H, W, C] over N, H, W): wasm transposes the reduced axes to the end and loops; a matMul
 * of the [M, C] view with a ones column runs on XNNPACK about 3x faster.
 */
function leadingAxesReduction(name: 'Sum' | 'Mean', args: KernelArgs): tf.TensorInfo {
  const x = asTensor(args.inputs.x as tf.TensorInfo);
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const leading = axes.every((a, i) => a === i) && axes.length < x.rank;
  const m = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  if (x.dtype !== 'float32' || !leading || m < 256) return fallback(name, args);
  const kept = x.shape.slice(axes.length);
  const c = tf.util.sizeFromShape(kept);
  const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
  const column = reductionColumn(m, name === 'Mean' ? 1 / m : 1);
  return tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(x, [m, c]), column, true, false), outShape));
}

// The constant columns of the reductions, kept across steps: creating them costs a fill each time
// and a kept tensor lets wasm reuse XNNPACK's packed copy. A model has a few dozen sizes at most.
const columns = new Map<string, tf.Tensor2D>();

function reductionColumn(m: number, value: number): tf.Tensor2D {
  const key = `${m}:${value}`;
  let column = columns.get(key);
  if (column == null || column.isDisposed) {
    if (columns.size >= 64) disposeReductionColumns();
    column = tf.keep(tf.fill([m, 1], value) as tf.Tensor2D);
    columns.set(key, column);
  }
  return column;
}

function disposeReductionColumns(): void {
  for (const column of columns.values()) column.dispose();
  columns.clear();
}

function fallback(name: string, args: KernelArgs): tf.TensorInfo {
  const original = originals.get(name);
  if (!original) throw new Error(`wasm has no ${name} kernel for this configuration (NCHW, dilation or int)`);
  return original.kernelFunc(args) as tf.TensorInfo;
}

/** The conv geometry when the fast paths apply: NHWC, no dilation, non-negative pads. */
function fastConvInfo(xShape: number[], filterShape: number[], attrs: ConvGradAttrs): Conv2DInfo | null {
  if (attrs.dataFormat !== 'NHWC') return null;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const p = info.padInfo;
  if (p.top < 0 || p.left < 0 || p.top >= info.filterHeight || p.left >= info.filterWidth) return null;
  return info;
}

// ---------------------------------------------------------------------------------------------
// The gradients, as compositions of fast ops (pure functions of tensors, run inside tidy).

/**
 * dW[i,j,ci,co] = sum_{n,oh,ow} xpad[n, oh*s+i, ow*s+j, ci] * dy[n,oh,ow,co].
 * A conv whose output covers the whole input (the descriptor's last 8x8 valid conv) is a dense
 * layer: one matMul. Otherwise a conv with the batch as channels: input xpad as [Ci, H, W, N],
 * filter dy as [Ho, Wo, N, Co], dilation = stride; the result [Ci, kh, kw, Co] is the gradient.
 */
function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, c: Conv2DInfo): tf.Tensor4D {
  const [n, h, w, ci] = x.shape;
  const co = c.outChannels;
  const kh = c.filterHeight;
  const kw = c.filterWidth;
  if (coversInput(c, h, w)) {
    // an explicit transpose then a plain matMul: wasm's transposeA path is ~40x slower here
    const xt = tf.transpose(tf.reshape(x, [n, h * w * ci]));
    return tf.reshape(tf.matMul(xt, tf.reshape(dy, [n, co])), [kh, kw, ci, co]);
  }
  const strided = c.strideHeight > 1 || c.strideWidth > 1;
  if (!strided && x.size < dy.size) return filterGradientPackingX(x, dy, c);
  // rows of the (padded) input the conv actually reads: (Ho-1)*s + k
  const needH = (c.outHeight - 1) * c.strideHeight + kh;
  const needW = (c.outWidth - 1) * c.strideWidth + kw;
  const xt = tf.transpose(cropTo(x, c.padInfo.top + h, c.padInfo.left + w, needH, needW, c), [3, 1, 2, 0]);
  const dyt = tf.transpose(dy, [1, 2, 0, 3]);
  const pads = explicitPads(
    c.padInfo.top,
    Math.max(0, needH - h - c.padInfo.top),
    c.padInfo.left,
    Math.max(0, needW - w - c.padInfo.left),
  );
  const g = tf.conv2d(xt as tf.Tensor4D, dyt, 1, pads as unknown as Pad as 'valid', 'NHWC', [
    c.strideHeight,
    c.strideWidth,
  ]);
  return tf.transpose(g, [1, 2, 0, 3]);
}

/**
 * The same stride-1 filter gradient with the roles swapped: dy (as [Co, Ho, Wo, N], padded by
 * k-1-pad) is the conv input and x (as [H, W, N, Ci]) the filter; the result [Co, kh, kw, Ci] comes
 * out flipped. XNNPACK repacks the filter operand on every call (~15 ns a float, as much as the
 * conv itself for these shapes), so the smaller of x and dy should be the filter: x when Ci < Co
 * (the first conv of every network here).
 */
function filterGradientPackingX(x: tf.Tensor4D, dy: tf.Tensor4D, c: Conv2DInfo): tf.Tensor4D {
  const p = c.padInfo;
  const pads = explicitPads(
    c.filterHeight - 1 - p.top,
    c.filterHeight - 1 - p.bottom,
    c.filterWidth - 1 - p.left,
    c.filterWidth - 1 - p.right,
  );
  const g = tf.conv2d(
    tf.transpose(dy, [3, 1, 2, 0]) as tf.Tensor4D,
    tf.transpose(x, [1, 2, 0, 3]) as tf.Tensor4D,
    1,
    pads as unknown as 'valid',
  );
  return tf.transpose(tf.reverse(g, [1, 2]), [1, 2, 3, 0]);
}

/**
 * dx = full correlation of dy (zero-stuffed by the stride) with the filter flipped in both
 * spatial axes and with in/out channels swapped. A stride-s conv is split into s*s phase convs
 * (sub-pixel form) so no multiply touches an inserted zero; a conv covering the whole input is
 * one matMul (the dense-like last conv of the descriptor would otherwise multiply mostly pads).
 */
function inputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, c: Conv2DInfo): tf.Tensor4D {
  const [n, h, w, ci] = [c.batchSize, c.inHeight, c.inWidth, c.inChannels];
  const co = c.outChannels;
  const kh = c.filterHeight;
  const kw = c.filterWidth;
  if (coversInput(c, h, w)) {
    // dx^T = W dy^T keeps the small dy as XNNPACK's packed operand (3x faster than dy W^T)
    const g = tf.matMul(tf.reshape(filter, [kh * kw * ci, co]), tf.transpose(tf.reshape(dy, [n, co])));
    return tf.reshape(tf.transpose(g), [n, h, w, ci]);
  }
  const sh = c.strideHeight;
  const sw = c.strideWidth;
  if (sh === 1 && sw === 1) {
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D; // [kh, kw, Co, Ci]
    return fullCorrelation(dy, flipped, c.padInfo.top, c.padInfo.left, h, w);
  }
  // phase (a, b) holds the rows hp = top + h with hp % s == a: taps i = a, a+s, ... of the filter
  const hp = Math.ceil((h + c.padInfo.top) / sh) * sh;
  const wp = Math.ceil((w + c.padInfo.left) / sw) * sw;
  const rows: tf.Tensor[] = [];
  for (let a = 0; a < sh; a++) {
    const cols: tf.Tensor4D[] = [];
    for (let b = 0; b < sw; b++) cols.push(phaseGradient(dy, filter, c, a, b, hp / sh, wp / sw));
    rows.push(tf.stack(cols, 3)); // [N, hp/s, wp/s, sw, Ci]
  }
  // [sh][N, hp/s, wp/s, sw, Ci] -> [N, hp/s, sh, wp/s, sw, Ci] -> [N, hp, wp, Ci], then drop the pads
  const interleaved = tf.reshape(tf.stack(rows, 2), [n, hp, wp, ci]) as tf.Tensor4D;
  return tf.slice(interleaved, [0, c.padInfo.top, c.padInfo.left, 0], [n, h, w, ci]);
}

/** One phase of the strided input gradient: rows q of the padded input with q*s + a. */
function phaseGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  c: Conv2DInfo,
  a: number,
  b: number,
  outH: number,
  outW: number,
): tf.Tensor4D {
  const [n, , , co] = dy.shape;
  const ci = c.inChannels;
  const th = Math.ceil((c.filterHeight - a) / c.strideHeight); // taps a, a+s, ... below kh
  const tw = Math.ceil((c.filterWidth - b) / c.strideWidth);
  if (th <= 0 || tw <= 0) return tf.zeros([n, outH, outW, ci]);
  const sub = tf.stridedSlice(
    filter,
    [a, b, 0, 0],
    [c.filterHeight, c.filterWidth, ci, co],
    [c.strideHeight, c.strideWidth, 1, 1],
  );
  const flipped = tf.transpose(tf.reverse(sub, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  // dx_phase[q] = sum_t dy[q - t] * sub[t]: a full correlation with th-1 rows of leading pad
  return fullCorrelation(dy, flipped, 0, 0, outH, outW);
}

/**
 * out[q] = sum_t dy[q + top - (k-1) + t] * flipped[t], i.e. the input gradient of a stride-1 conv
 * with leading pad `top`: pad dy by k-1-top in front and as needed behind to get `outH` rows.
 */
function fullCorrelation(
  dy: tf.Tensor4D,
  flipped: tf.Tensor4D,
  top: number,
  left: number,
  outH: number,
  outW: number,
): tf.Tensor4D {
  const [kh, kw] = flipped.shape;
  const [, ho, wo] = dy.shape;
  const pt = kh - 1 - top;
  const pl = kw - 1 - left;
  const pb = outH + kh - 1 - ho - pt;
  const pr = outW + kw - 1 - wo - pl;
  let src = dy;
  if (pb < 0 || pr < 0)
    src = tf.slice(dy, [0, 0, 0, 0], [-1, ho + Math.min(0, pb), wo + Math.min(0, pr), -1]);
  const pads = explicitPads(pt, Math.max(0, pb), pl, Math.max(0, pr));
  return tf.conv2d(src, flipped, 1, pads as unknown as 'valid');
}

/**
 * Max-pool gradient with the cpu back end's tie rule: the first maximum of a window in row-major
 * order gets dy. Non-overlapping windows (the U-Nets' 2x2 pools) are done at full resolution with
 * fast ops; overlapping or padded windows take one pass per window tap.
 */
function maxPoolGradient(dy: tf.Tensor4D, x: tf.Tensor4D, y: tf.Tensor4D, c: Conv2DInfo): tf.Tensor4D {
  const tiles = c.strideHeight === c.effectiveFilterHeight && c.strideWidth === c.effectiveFilterWidth;
  if (tiles && c.padInfo.top === 0 && c.padInfo.left === 0) return tiledMaxPoolGradient(dy, x, y, c);
  return overlappingMaxPoolGradient(dy, x, y, c);
}

/**
 * Windows that tile the input: each position gets its rank in its window (row-major), the
 * positions equal to the window max keep their rank and the others get kh*kw; the smallest rank
 * per window (a max pool of the negated ranks) is the winner. Strided slices of wasm are ~100x
 * slower than these full-resolution elementwise ops, pools and nearest resizes.
 */
function tiledMaxPoolGradient(dy: tf.Tensor4D, x: tf.Tensor4D, y: tf.Tensor4D, c: Conv2DInfo): tf.Tensor4D {
  const [n, h, w, ch] = x.shape;
  const kh = c.effectiveFilterHeight;
  const kw = c.effectiveFilterWidth;
  const hc = c.outHeight * kh;
  const wc = c.outWidth * kw;
  const xc = hc < h || wc < w ? tf.slice(x, [0, 0, 0, 0], [n, hc, wc, ch]) : x;
  const up = (t: tf.Tensor4D) => tf.image.resizeNearestNeighbor(t, [hc, wc]);
  const rank = new Float32Array(hc * wc);
  for (let r = 0; r < hc; r++) for (let q = 0; q < wc; q++) rank[r * wc + q] = (r % kh) * kw + (q % kw);
  const isMax = tf.cast(tf.equal(xc, up(y)), 'float32');
  const notMax = tf.sub(1, isMax);
  const score = tf.add(
    tf.mul(isMax, tf.tensor4d(rank, [1, hc, wc, 1])),
    tf.mul(notMax, kh * kw),
  ) as tf.Tensor4D;
  const best = tf.neg(tf.maxPool(tf.neg(score) as tf.Tensor4D, [kh, kw], [kh, kw], 'valid')) as tf.Tensor4D;
  const wins = tf.cast(tf.equal(score, up(best)), 'float32');
  const dx = tf.mul(wins, up(dy)) as tf.Tensor4D;
  return hc < h || wc < w ? tf.pad(dx, explicitPads(0, h - hc, 0, w - wc)) : dx;
}

/**
 * Overlapping or padded windows: one pass per window tap, each masking the taps that equal the
 * window's max and were not claimed by an earlier tap, zero-stuffed by the stride and shifted
 * into place.
 */
function overlappingMaxPoolGradient(
  dy: tf.Tensor4D,
  x: tf.Tensor4D,
  y: tf.Tensor4D,
  c: Conv2DInfo,
): tf.Tensor4D {
  const [n, h, w, ch] = x.shape;
  const { outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw } = c;
  const kh = c.effectiveFilterHeight;
  const kw = c.effectiveFilterWidth;
  const { top, left } = c.padInfo;
  const needH = Math.max((ho - 1) * sh + kh, h + top);
  const needW = Math.max((wo - 1) * sw + kw, w + left);
  const xpad = tf.pad(x, explicitPads(top, needH - h - top, left, needW - w - left), -Infinity);
  let claimed: tf.Tensor = tf.zerosLike(y);
  const placed: tf.Tensor4D[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const xt = tf.stridedSlice(
        xpad,
        [0, i, j, 0],
        [n, i + (ho - 1) * sh + 1, j + (wo - 1) * sw + 1, ch],
        [1, sh, sw, 1],
      );
      const wins = tf.mul(tf.cast(tf.equal(xt, y), 'float32'), tf.sub(1, claimed));
      claimed = tf.add(claimed, wins);
      placed.push(shiftInto(zeroStuff(tf.mul(wins, dy) as tf.Tensor4D, sh, sw), i, j, needH, needW));
    }
  }
  const dxpad = fitRows(tf.addN(placed) as tf.Tensor4D, top + h, left + w);
  return tf.slice(dxpad, [0, top, left, 0], [n, h, w, ch]);
}

/** [N, H, W, C] with s-1 zeros after every row and column: [N, H*sh, W*sw, C]. */
function zeroStuff(t: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  const [n, h, w, c] = t.shape;
  if (sh === 1 && sw === 1) return t;
  const spread = tf.pad(tf.reshape(t, [n, h, 1, w, 1, c]), [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  return tf.reshape(spread, [n, h * sh, w * sw, c]);
}

/** Places t at row i, column j of an [N, outH, outW, C] zero canvas (cropping what overhangs). */
function shiftInto(t: tf.Tensor4D, i: number, j: number, outH: number, outW: number): tf.Tensor4D {
  const fitted = fitRows(t, outH - i, outW - j);
  const [, h, w] = fitted.shape;
  return tf.pad(fitted, explicitPads(i, outH - i - h, j, outW - j - w));
}

/** Crops or zero-pads the spatial size at the bottom and right to exactly h x w. */
function fitRows(t: tf.Tensor4D, h: number, w: number): tf.Tensor4D {
  const [n, th, tw, c] = t.shape;
  const cropped = th > h || tw > w ? tf.slice(t, [0, 0, 0, 0], [n, Math.min(th, h), Math.min(tw, w), c]) : t;
  const [, ch, cw] = cropped.shape;
  return ch < h || cw < w ? tf.pad(cropped, explicitPads(0, h - ch, 0, w - cw)) : cropped;
}

/**
 * tile(x, reps) as x broadcast against ones: [d0, d1, ...] is viewed as [1, d0, 1, d1, ...] and
 * multiplied by ones [r0, 1, r1, 1, ...]. Unit axes are dropped and neighbours of the same kind
 * merged, because XNNPACK's broadcasting ops take at most 6 dimensions.
 */
function tile(x: tf.Tensor, reps: number[]): tf.Tensor {
  const xs: number[] = [];
  const os: number[] = [];
  const push = (xd: number, od: number) => {
    if (xd === 1 && od === 1) return;
    const last = xs.length - 1;
    const sameKind = last >= 0 && (xd === 1) === (xs[last] === 1) && (od === 1) === (os[last] === 1);
    if (sameKind) {
      xs[last] *= xd;
      os[last] *= od;
    } else {
      xs.push(xd);
      os.push(od);
    }
  };
  x.shape.forEach((d, i) => {
    push(1, reps[i]);
    push(d, 1);
  });
  const outShape = x.shape.map((d, i) => d * reps[i]);
  if (xs.length === 0) return tf.reshape(x, outShape);
  return tf.reshape(tf.mul(tf.reshape(x, xs), tf.ones(os)), outShape);
}

// ---------------------------------------------------------------------------------------------

function coversInput(c: Conv2DInfo, h: number, w: number): boolean {
  const p = c.padInfo;
  return (
    c.outHeight === 1 &&
    c.outWidth === 1 &&
    c.filterHeight === h &&
    c.filterWidth === w &&
    p.top === 0 &&
    p.left === 0
  );
}

/** x cropped so that top pad + rows kept == needH (valid convs may leave rows unread). */
function cropTo(
  x: tf.Tensor4D,
  paddedH: number,
  paddedW: number,
  needH: number,
  needW: number,
  c: Conv2DInfo,
): tf.Tensor4D {
  if (paddedH <= needH && paddedW <= needW) return x;
  const [n, h, w, ci] = x.shape;
  const keepH = Math.min(h, needH - c.padInfo.top);
  const keepW = Math.min(w, needW - c.padInfo.left);
  return tf.slice(x, [0, 0, 0, 0], [n, keepH, keepW, ci]);
}

function explicitPads(top: number, bottom: number, left: number, right: number): Pads {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

function asTensor(t: tf.TensorInfo): tf.Tensor {
  if (t instanceof tf.Tensor) return t;
  return tf.engine().makeTensorFromTensorInfo(t);
}

function asTensor4D(t: tf.TensorInfo): tf.Tensor4D {
  return asTensor(t) as tf.Tensor4D;
}
