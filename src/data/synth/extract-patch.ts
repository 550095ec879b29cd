/**
 * Samples one 65×65 patch: grid u ∈ [−32, 32]², reference point x = c + R/32 · Rot(θ) · J(u) (J the
 * jitter, identity for ref), then through H into the target, read at the pyramid level of the
 * sampling step so large regions are averaged, not aliased.
 */
import { samplePyramid, type Pyramid } from './float-image.js';
import { localScale, type Homography } from './homography.js';
import type { Frame } from './select-frames.js';
import type { Jitter } from './jitter.js';

export const SOURCE_PATCH = 65;
const HALF = (SOURCE_PATCH - 1) / 2;

export function extractPatch(options: {
  pyramid: Pyramid;
  frame: Frame;
  jitter?: Jitter;
  h?: Homography;
  out: Uint8Array;
  offset: number;
}): void {
  const { pyramid, frame, jitter, h, out, offset } = options;
  const unit = frame.radius / HALF;
  const ca = Math.cos(frame.angle),
    sa = Math.sin(frame.angle);
  // Patch-frame linear map M = Rot(θ) · Rot(φ) · diag(e^a, e^b), and the centre after jitter.
  const phi = jitter?.phi ?? 0;
  const ea = Math.exp(jitter?.a ?? 0),
    eb = Math.exp(jitter?.b ?? 0);
  const cp = Math.cos(frame.angle + phi),
    sp = Math.sin(frame.angle + phi);
  const m00 = cp * ea * unit,
    m01 = -sp * eb * unit,
    m10 = sp * ea * unit,
    m11 = cp * eb * unit;
  const cx = frame.x + (jitter ? (ca * jitter.tx - sa * jitter.ty) * frame.radius : 0);
  const cy = frame.y + (jitter ? (sa * jitter.tx + ca * jitter.ty) * frame.radius : 0);
  const step = Math.sqrt(Math.abs(m00 * m11 - m01 * m10)) * (h ? localScale(h, cx, cy) : 1);
  let k = offset;
  for (let v = -HALF; v <= HALF; v++) {
    for (let u = -HALF; u <= HALF; u++) {
      let x = cx + m00 * u + m01 * v;
      let y = cy + m10 * u + m11 * v;
      if (h) {
        const w = h[6] * x + h[7] * y + h[8];
        const nx = (h[0] * x + h[1] * y + h[2]) / w;
        y = (h[3] * x + h[4] * y + h[5]) / w;
        x = nx;
      }
      const val = samplePyramid(pyramid, x, y, step);
      out[k++] = val <= 0 ? 0 : val >= 255 ? 255 : Math.round(val);
    }
  }
}
