/**
 * Float grey images for the generator (values 0–255): separable Gaussian blur, a 2× box pyramid and
 * trilinear sampling from it. Sampling a patch whose pixel step is k source pixels reads the pyramid
 * at level log2(k), so a shrinking map is anti-aliased without blurring the whole image per scale.
 */
import { createResizer } from '../area-resize.js';
import type { GrayImage } from '../png-gray.js';

export interface FloatImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export function toFloatImage(image: GrayImage): FloatImage {
  return { width: image.width, height: image.height, data: Float32Array.from(image.data) };
}

/** Area-downscales so the long side is at most maxSide (no-op when already smaller). */
export function limitSize(image: FloatImage, maxSide: number): FloatImage {
  const long = Math.max(image.width, image.height);
  if (long <= maxSide) return image;
  const width = Math.max(1, Math.round((image.width * maxSide) / long));
  const height = Math.max(1, Math.round((image.height * maxSide) / long));
  const data = new Float32Array(width * height);
  createResizer(image.width, image.height, width, height)(image.data, 0, data, 0);
  return { width, height, data };
}

export function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** Separable Gaussian blur with clamped borders. */
export function gaussianBlur(image: FloatImage, sigma: number): FloatImage {
  if (sigma <= 0) return image;
  const { width: w, height: h, data } = image;
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) >> 1;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) {
        const xx = x + i < 0 ? 0 : x + i >= w ? w - 1 : x + i;
        acc += data[row + xx] * k[i + r];
      }
      tmp[row + x] = acc;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) {
        const yy = y + i < 0 ? 0 : y + i >= h ? h - 1 : y + i;
        acc += tmp[yy * w + x] * k[i + r];
      }
      out[y * w + x] = acc;
    }
  }
  return { width: w, height: h, data: out };
}

/** Bilinear sample with clamped borders; (x, y) in pixel-centre coordinates. */
export function sampleBilinear(image: FloatImage, x: number, y: number): number {
  const { width: w, height: h, data } = image;
  const cx = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
  const cy = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
  const x0 = Math.min(Math.floor(cx), w - 2 < 0 ? 0 : w - 2);
  const y0 = Math.min(Math.floor(cy), h - 2 < 0 ? 0 : h - 2);
  const fx = cx - x0,
    fy = cy - y0;
  const i = y0 * w + x0;
  const x1 = w > 1 ? 1 : 0,
    y1 = h > 1 ? w : 0;
  const top = data[i] + (data[i + x1] - data[i]) * fx;
  const bottom = data[i + y1] + (data[i + y1 + x1] - data[i + y1]) * fx;
  return top + (bottom - top) * fy;
}

/** Level 0 is the image; each next level averages 2×2 blocks (down to an 8-px side). */
export type Pyramid = readonly FloatImage[];

export function buildPyramid(image: FloatImage): Pyramid {
  const levels: FloatImage[] = [image];
  let cur = image;
  while (Math.min(cur.width, cur.height) >= 16) {
    const w = cur.width >> 1,
      h = cur.height >> 1;
    const d = new Float32Array(w * h);
    for (let y = 0; y < h; y++) {
      const a = 2 * y * cur.width,
        b = a + cur.width;
      for (let x = 0; x < w; x++) {
        d[y * w + x] =
          0.25 *
          (cur.data[a + 2 * x] + cur.data[a + 2 * x + 1] + cur.data[b + 2 * x] + cur.data[b + 2 * x + 1]);
      }
    }
    cur = { width: w, height: h, data: d };
    levels.push(cur);
  }
  return levels;
}

/** Samples at (x, y) (level-0 pixels) with a footprint of `step` pixels: trilinear between levels. */
export function samplePyramid(pyramid: Pyramid, x: number, y: number, step: number): number {
  const level = step <= 1 ? 0 : Math.min(Math.log2(step), pyramid.length - 1);
  const l0 = Math.floor(level);
  const f = level - l0;
  const s0 = 1 / (1 << l0);
  const v0 = sampleBilinear(pyramid[l0], (x + 0.5) * s0 - 0.5, (y + 0.5) * s0 - 0.5);
  if (f === 0 || l0 + 1 >= pyramid.length) return v0;
  const s1 = s0 / 2;
  return v0 + (sampleBilinear(pyramid[l0 + 1], (x + 0.5) * s1 - 0.5, (y + 0.5) * s1 - 0.5) - v0) * f;
}

/** Rotates by k quarter turns clockwise, mirrored left–right first when `mirror` (photo variants). */
export function orient(image: FloatImage, quarterTurns: number, mirror: boolean): FloatImage {
  const k = ((quarterTurns % 4) + 4) % 4;
  if (k === 0 && !mirror) return image;
  const { width: w, height: h, data } = image;
  const ow = k % 2 ? h : w,
    oh = k % 2 ? w : h;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x0 = 0; x0 < w; x0++) {
      const x = mirror ? w - 1 - x0 : x0;
      const [nx, ny] =
        k === 0 ? [x, y] : k === 1 ? [h - 1 - y, x] : k === 2 ? [w - 1 - x, h - 1 - y] : [y, w - 1 - x];
      out[ny * ow + nx] = data[y * w + x0];
    }
  }
  return { width: ow, height: oh, data: out };
}
