/**
 * Patch frames from keypoints, as HPatches: measurement radius R = 5σ; kept only if the rotated
 * reference square and its reprojection under the toughest jitter lie inside every image;
 * de-duplicated by visiting frames in seeded random order and dropping any whose disc overlaps a kept
 * one by IoU > 0.5; then the strongest `count` by DoG response.
 */
import { shuffleInPlace, type Rng } from '../../random/seeded-rng.js';
import type { Keypoint } from './detect-keypoints.js';
import { applyHomography, type Homography } from './homography.js';

export interface Frame {
  readonly x: number;
  readonly y: number;
  /** Measurement radius (half the patch side) in reference pixels. */
  readonly radius: number;
  readonly angle: number;
  readonly response: number;
}

export const MEASUREMENT_SCALE = 5;

export function selectFrames(options: {
  keypoints: readonly Keypoint[];
  width: number;
  height: number;
  /** Reference → target maps of the 5 targets. */
  homographies: readonly Homography[];
  /** Largest reach of a jittered patch in units of R (jitterReach of the tough κ). */
  reach: number;
  count: number;
  rng: Rng;
}): Frame[] {
  const { keypoints, width: w, height: h, homographies, reach, count, rng } = options;
  const inside = (x: number, y: number): boolean => x >= 1 && y >= 1 && x <= w - 2 && y <= h - 2;
  const candidates: Frame[] = [];
  for (const k of keypoints) {
    const radius = MEASUREMENT_SCALE * k.sigma;
    const d = radius * reach;
    let ok =
      inside(k.x - radius * Math.SQRT2, k.y - radius * Math.SQRT2) &&
      inside(k.x + radius * Math.SQRT2, k.y + radius * Math.SQRT2);
    for (let i = 0; ok && i < homographies.length; i++) {
      for (let a = 0; ok && a < 8; a++) {
        const [x, y] = applyHomography(
          homographies[i],
          k.x + d * Math.cos((a * Math.PI) / 4),
          k.y + d * Math.sin((a * Math.PI) / 4),
        );
        ok = inside(x, y);
      }
    }
    if (ok) candidates.push({ x: k.x, y: k.y, radius, angle: k.angle, response: k.response });
  }
  shuffleInPlace(candidates, rng);
  const kept: Frame[] = [];
  for (const f of candidates) if (!kept.some((g) => discIoU(f, g) > 0.5)) kept.push(f);
  // Strongest first; ties (equal responses) keep the seeded order, as sort is stable.
  kept.sort((a, b) => b.response - a.response);
  return kept.slice(0, count);
}

/** Intersection over union of two discs. */
export function discIoU(a: Frame, b: Frame): number {
  const d = Math.hypot(a.x - b.x, a.y - b.y);
  const r1 = a.radius,
    r2 = b.radius;
  if (d >= r1 + r2) return 0;
  const a1 = Math.PI * r1 * r1,
    a2 = Math.PI * r2 * r2;
  if (d <= Math.abs(r1 - r2)) return Math.min(a1, a2) / Math.max(a1, a2);
  const c1 = Math.acos(Math.min(1, (d * d + r1 * r1 - r2 * r2) / (2 * d * r1)));
  const c2 = Math.acos(Math.min(1, (d * d + r2 * r2 - r1 * r1) / (2 * d * r2)));
  const inter = r1 * r1 * (c1 - Math.sin(2 * c1) / 2) + r2 * r2 * (c2 - Math.sin(2 * c2) / 2);
  return inter / (a1 + a2 - inter);
}
