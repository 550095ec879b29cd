/**
 * Image resizing for patches and photos. Downsampling averages each output pixel's footprint in the
 * source (area / box filter with fractional edge weights, as OpenCV's INTER_AREA), so 65→32 keeps all
 * the source information without aliasing; upsampling is bilinear with half-pixel centres.
 */

/** For each output index: the first source index and the weights of the source indices it covers. */
interface Taps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly weights: Float64Array;
  readonly stride: number;
}

function areaTaps(inN: number, outN: number): Taps {
  const scale = inN / outN;
  const stride = Math.ceil(scale) + 2;
  const start = new Int32Array(outN);
  const count = new Int32Array(outN);
  const weights = new Float64Array(outN * stride);
  for (let o = 0; o < outN; o++) {
    const lo = o * scale;
    const hi = lo + scale;
    const first = Math.floor(lo);
    start[o] = first;
    let k = 0;
    for (let i = first; i < hi && i < inN; i++, k++)
      weights[o * stride + k] = (Math.min(hi, i + 1) - Math.max(lo, i)) / scale;
    count[o] = k;
  }
  return { start, count, weights, stride };
}

function bilinearTaps(inN: number, outN: number): Taps {
  const scale = inN / outN;
  const stride = 2;
  const start = new Int32Array(outN);
  const count = new Int32Array(outN);
  const weights = new Float64Array(outN * stride);
  for (let o = 0; o < outN; o++) {
    const x = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), inN - 1);
    const i = Math.min(Math.floor(x), inN - 2 < 0 ? 0 : inN - 2);
    const f = x - i;
    start[o] = i;
    count[o] = inN > 1 ? 2 : 1;
    weights[o * stride] = inN > 1 ? 1 - f : 1;
    weights[o * stride + 1] = f;
  }
  return { start, count, weights, stride };
}

function taps(inN: number, outN: number): Taps {
  return outN <= inN ? areaTaps(inN, outN) : bilinearTaps(inN, outN);
}

/** A resizer for one source/target size pair, reusable across many images of that size. */
export function createResizer(
  inW: number,
  inH: number,
  outW: number,
  outH: number,
): (src: ArrayLike<number>, srcOffset: number, dst: Float32Array | Uint8Array, dstOffset: number) => void {
  const tx = taps(inW, outW);
  const ty = taps(inH, outH);
  const tmp = new Float64Array(outW * inH);
  const round = (dst: Float32Array | Uint8Array, v: number): number =>
    dst instanceof Uint8Array ? Math.round(v) : v;
  return (src, srcOffset, dst, dstOffset) => {
    for (let y = 0; y < inH; y++) {
      const row = srcOffset + y * inW;
      for (let o = 0; o < outW; o++) {
        let acc = 0;
        const s = tx.start[o];
        const base = o * tx.stride;
        for (let k = 0; k < tx.count[o]; k++) acc += src[row + s + k] * tx.weights[base + k];
        tmp[y * outW + o] = acc;
      }
    }
    for (let o = 0; o < outH; o++) {
      const s = ty.start[o];
      const base = o * ty.stride;
      for (let x = 0; x < outW; x++) {
        let acc = 0;
        for (let k = 0; k < ty.count[o]; k++) acc += tmp[(s + k) * outW + x] * ty.weights[base + k];
        dst[dstOffset + o * outW + x] = round(dst, acc);
      }
    }
  };
}

/** Resizes every patch of a stack of `count` square patches from `from` to `to` pixels (uint8, rounded). */
export function resizePatchStack(data: Uint8Array, count: number, from: number, to: number): Uint8Array {
  if (from === to) return data;
  const out = new Uint8Array(count * to * to);
  const resize = createResizer(from, from, to, to);
  for (let i = 0; i < count; i++) resize(data, i * from * from, out, i * to * to);
  return out;
}
