/**
 * The 5 target images of a sequence, rendered from the reference photo (not shortcut by sampling the
 * photo through H, which would make e/h/t patches mere jittered copies of ref). Strength s = i/5.
 *  - viewpoint (`v_`): H from displaced corners (rotation ±6°·i, scale 1 ± 0.08·i, perspective corner
 *    shifts up to 0.04·i·W, translation up to 0.03·i·W; redrawn until ≥ 60 % of the reference stays
 *    visible), warped with an anti-aliasing pyramid, then mild gain/gamma (0.9–1.1) and sensor noise.
 *  - illumination (`i_`): H = a sub-pixel shift (< 0.3 px); gain 1 ± 0.5·s, gamma in [1 − 0.4·s,
 *    1 + 0.6·s], a multiplicative shading field (a linear ramp plus 2–3 wide Gaussian blobs, amplitude
 *    up to ±40 %·s), then sensor noise.
 * Sensor noise: Gaussian σ = 1.5 grey levels; values are rounded and clipped as an 8-bit camera would.
 */
import type { Rng } from '../../random/seeded-rng.js';
import { samplePyramid, type FloatImage, type Pyramid } from './float-image.js';
import {
  applyHomography,
  invertHomography,
  localScale,
  solveHomography,
  type Homography,
  type Point,
} from './homography.js';

export type SequenceKind = 'i' | 'v';

export interface Target {
  /** Maps reference pixels to target pixels. */
  readonly h: Homography;
  readonly image: FloatImage;
}

const SENSOR_SIGMA = 1.5;

export function renderTargets(options: {
  kind: SequenceKind;
  ref: FloatImage;
  refPyramid: Pyramid;
  rng: Rng;
}): Target[] {
  const { kind, ref, refPyramid, rng } = options;
  const targets: Target[] = [];
  for (let i = 1; i <= 5; i++) {
    const h = kind === 'v' ? viewpointHomography(ref, i, rng) : shiftHomography(rng);
    const warped = warp(ref, refPyramid, h);
    const image =
      kind === 'v'
        ? photometric(
            warped,
            { gain: 1 + 0.1 * (2 * rng.next() - 1), gamma: 1 + 0.1 * (2 * rng.next() - 1) },
            rng,
          )
        : illumination(warped, i / 5, rng);
    targets.push({ h, image });
  }
  return targets;
}

function viewpointHomography(ref: FloatImage, i: number, rng: Rng): Homography {
  const { width: w, height: h } = ref;
  const u = (): number => 2 * rng.next() - 1;
  const corners: Point[] = [
    [0, 0],
    [w - 1, 0],
    [w - 1, h - 1],
    [0, h - 1],
  ];
  const cx = (w - 1) / 2,
    cy = (h - 1) / 2;
  let best: Homography | undefined;
  for (let attempt = 0; attempt < 50; attempt++) {
    const rot = ((6 * Math.PI) / 180) * i * u();
    const scale = 1 + 0.08 * i * u();
    const tx = 0.03 * i * w * u(),
      ty = 0.03 * i * w * u();
    const c = Math.cos(rot) * scale,
      s = Math.sin(rot) * scale;
    const dst: Point[] = corners.map(([x, y]) => [
      cx + c * (x - cx) - s * (y - cy) + tx + 0.04 * i * w * u(),
      cy + s * (x - cx) + c * (y - cy) + ty + 0.04 * i * w * u(),
    ]);
    const hm = solveHomography(corners, dst);
    best = hm;
    if (visibleFraction(hm, w, h) >= 0.6) return hm;
  }
  return best!;
}

/** Fraction of a 16×16 grid of reference points that lands inside the target frame. */
function visibleFraction(hm: Homography, w: number, h: number): number {
  let inside = 0;
  for (let gy = 0; gy < 16; gy++) {
    for (let gx = 0; gx < 16; gx++) {
      const [x, y] = applyHomography(hm, ((gx + 0.5) * w) / 16, ((gy + 0.5) * h) / 16);
      if (x >= 0 && y >= 0 && x <= w - 1 && y <= h - 1) inside++;
    }
  }
  return inside / 256;
}

function shiftHomography(rng: Rng): Homography {
  const angle = 2 * Math.PI * rng.next();
  const r = 0.3 * rng.next();
  return Float64Array.of(1, 0, r * Math.cos(angle), 0, 1, r * Math.sin(angle), 0, 0, 1);
}

/** Target pixel x' takes the reference at H⁻¹x', read at the pyramid level of the local shrink. */
function warp(ref: FloatImage, pyramid: Pyramid, h: Homography): FloatImage {
  const { width: w, height: hh } = ref;
  const inv = invertHomography(h);
  const out = new Float32Array(w * hh);
  for (let y = 0; y < hh; y++) {
    for (let x = 0; x < w; x++) {
      const [sx, sy] = applyHomography(inv, x, y);
      out[y * w + x] =
        sx < -0.5 || sy < -0.5 || sx > w - 0.5 || sy > hh - 0.5
          ? 0
          : samplePyramid(pyramid, sx, sy, localScale(inv, x, y));
    }
  }
  return { width: w, height: hh, data: out };
}

function photometric(image: FloatImage, p: { gain: number; gamma: number }, rng: Rng): FloatImage {
  const out = new Float32Array(image.data.length);
  for (let i = 0; i < out.length; i++)
    out[i] = quantize(
      255 * Math.pow(Math.min(1, (p.gain * image.data[i]) / 255), p.gamma) + SENSOR_SIGMA * rng.normal(),
    );
  return { width: image.width, height: image.height, data: out };
}

function illumination(image: FloatImage, s: number, rng: Rng): FloatImage {
  const { width: w, height: h } = image;
  const u = (): number => 2 * rng.next() - 1;
  const gain = 1 + 0.5 * s * u();
  const gamma = 1 - 0.4 * s + rng.next() * s;
  const ramp = { ax: 0.4 * s * u(), ay: 0.4 * s * u() };
  const blobs = Array.from({ length: 2 + rng.int(2) }, () => ({
    x: rng.next() * w,
    y: rng.next() * h,
    radius: (0.15 + 0.25 * rng.next()) * Math.max(w, h),
    amp: 0.4 * s * u(),
  }));
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let field = 1 + ramp.ax * (x / w - 0.5) * 2 + ramp.ay * (y / h - 0.5) * 2;
      for (const b of blobs)
        field += b.amp * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.radius * b.radius));
      const v = Math.min(1, Math.max(0, (gain * field * image.data[y * w + x]) / 255));
      out[y * w + x] = quantize(255 * Math.pow(v, gamma) + SENSOR_SIGMA * rng.normal());
    }
  }
  return { width: w, height: h, data: out };
}

function quantize(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}
