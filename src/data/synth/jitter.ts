/**
 * Geometric jitter of the e/h/t targets (HPatches: the reference frame gets a random rotation,
 * anisotropic scaling and translation before it is reprojected into the target). In units of the
 * measurement radius R: J = Rot(φ)·diag(e^a, e^b), offset t, with φ ~ U(±10°·κ), a, b ~ U(±ln 1.1·κ),
 * t ~ U(±0.1·κ) per axis. κ per level is calibrated so that the median overlap (IoU) between the
 * jittered region and the original disc is 0.85 / 0.72 / 0.60 (HPatches' published easy and hard
 * medians; tough is our assumption), see `calibrateKappa` and docs/benchmarks.md.
 */
import { createRng, type Rng } from '../../random/seeded-rng.js';
import type { Level } from '../dataset.js';

export interface Jitter {
  readonly phi: number;
  readonly a: number;
  readonly b: number;
  /** Offset in units of R. */
  readonly tx: number;
  readonly ty: number;
}

export const TARGET_OVERLAP: Readonly<Record<Level, number>> = { easy: 0.85, hard: 0.72, tough: 0.6 };

/** Calibrated with calibrateKappa(TARGET_OVERLAP[level]) (seed 0, 4,000 draws); checked by a test. */
export const KAPPA: Readonly<Record<Level, number>> = { easy: 1.31, hard: 2.66, tough: 4.12 };

/** Largest distance from the centre, in units of R, that a jittered square patch can reach at κ. */
export function jitterReach(kappa: number): number {
  return Math.SQRT2 * (Math.exp(Math.log(1.1) * kappa) + 0.1 * kappa);
}

export function drawJitter(kappa: number, rng: Rng): Jitter {
  const u = (): number => 2 * rng.next() - 1;
  return {
    phi: u() * ((10 * Math.PI) / 180) * kappa,
    a: u() * Math.log(1.1) * kappa,
    b: u() * Math.log(1.1) * kappa,
    tx: u() * 0.1 * kappa,
    ty: u() * 0.1 * kappa,
  };
}

const GRID = 48;

/**
 * IoU of the unit disc and its jittered image (an ellipse), by counting grid points over the union's
 * bounding box (48×48 points: error well under 0.01 on the median).
 */
export function jitterOverlap(j: Jitter): number {
  const ea = Math.exp(j.a),
    eb = Math.exp(j.b);
  const reach = Math.max(ea, eb) + Math.hypot(j.tx, j.ty);
  const lo = -Math.max(1, reach),
    hi = Math.max(1, reach);
  const step = (hi - lo) / GRID;
  const c = Math.cos(j.phi),
    s = Math.sin(j.phi);
  let inter = 0,
    union = 0;
  for (let iy = 0; iy < GRID; iy++) {
    const y = lo + (iy + 0.5) * step;
    for (let ix = 0; ix < GRID; ix++) {
      const x = lo + (ix + 0.5) * step;
      const inDisc = x * x + y * y < 1;
      // Inverse jitter: rotate back by φ, then undo the axis scales.
      const px = x - j.tx,
        py = y - j.ty;
      const qx = (c * px + s * py) / ea,
        qy = (-s * px + c * py) / eb;
      const inEllipse = qx * qx + qy * qy < 1;
      if (inDisc && inEllipse) inter++;
      if (inDisc || inEllipse) union++;
    }
  }
  return union === 0 ? 0 : inter / union;
}

export function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export function medianOverlap(kappa: number, draws: number, seed: number): number {
  const rng = createRng(`jitter-calibration:${seed}`);
  const values: number[] = [];
  for (let i = 0; i < draws; i++) values.push(jitterOverlap(drawJitter(kappa, rng)));
  return median(values);
}

/** κ whose median overlap is `target`, by bisection (overlap falls as κ grows). */
export function calibrateKappa(target: number, options: { draws?: number; seed?: number } = {}): number {
  const draws = options.draws ?? 4000;
  const seed = options.seed ?? 0;
  let lo = 0.1,
    hi = 10;
  for (let it = 0; it < 30; it++) {
    const mid = (lo + hi) / 2;
    if (medianOverlap(mid, draws, seed) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
