/**
 * Difference-of-Gaussians keypoints on a scale pyramid (Lowe 2004, as one of HPatches' detectors):
 * σ0 = 1.6, 3 intervals per octave, octaves down to a 32-px side; 3×3×3 extrema of the DoG with
 * |D| above a contrast threshold and an edge ratio below 10; one dominant orientation from a
 * 36-bin gradient histogram over a 1.5σ Gaussian window. No sub-pixel refinement (not needed to
 * pick patch centres).
 */
import { gaussianBlur, type FloatImage } from './float-image.js';

export interface Keypoint {
  readonly x: number;
  readonly y: number;
  /** σ of the detection in image pixels. */
  readonly sigma: number;
  /** Dominant gradient orientation in radians. */
  readonly angle: number;
  /** |DoG| at the extremum (grey levels). */
  readonly response: number;
}

export interface DetectOptions {
  /** |DoG| threshold in grey levels (Lowe's 0.03 / intervals on a 0–1 scale = 2.55 here). */
  readonly contrast?: number;
  readonly edgeRatio?: number;
}

const SIGMA0 = 1.6;
const INTERVALS = 3;
const BORDER = 5;

export function detectKeypoints(image: FloatImage, options: DetectOptions = {}): Keypoint[] {
  const contrast = options.contrast ?? (0.03 / INTERVALS) * 255;
  const r = options.edgeRatio ?? 10;
  const edgeLimit = ((r + 1) * (r + 1)) / r;
  const keypoints: Keypoint[] = [];
  // The input is assumed to carry σ = 0.5 of camera blur already.
  let base = gaussianBlur(image, Math.sqrt(SIGMA0 * SIGMA0 - 0.25));
  for (let octave = 0; Math.min(base.width, base.height) >= 32; octave++) {
    const gauss: FloatImage[] = [base];
    for (let k = 1; k < INTERVALS + 3; k++) {
      const prev = SIGMA0 * 2 ** ((k - 1) / INTERVALS);
      const cur = SIGMA0 * 2 ** (k / INTERVALS);
      gauss.push(gaussianBlur(gauss[k - 1], Math.sqrt(cur * cur - prev * prev)));
    }
    const { width: w, height: h } = base;
    const dog = gauss.slice(1).map((g, k) => {
      const d = new Float32Array(w * h);
      for (let i = 0; i < d.length; i++) d[i] = g.data[i] - gauss[k].data[i];
      return d;
    });
    const scale = 2 ** octave;
    for (let k = 1; k <= INTERVALS; k++) {
      const [below, here, above] = [dog[k - 1], dog[k], dog[k + 1]];
      for (let y = BORDER; y < h - BORDER; y++) {
        for (let x = BORDER; x < w - BORDER; x++) {
          const i = y * w + x;
          const v = here[i];
          if (Math.abs(v) <= contrast || !isExtremum(v, i, w, below, here, above)) continue;
          const dxx = here[i + 1] + here[i - 1] - 2 * v;
          const dyy = here[i + w] + here[i - w] - 2 * v;
          const dxy = (here[i + w + 1] - here[i + w - 1] - here[i - w + 1] + here[i - w - 1]) / 4;
          const det = dxx * dyy - dxy * dxy;
          const tr = dxx + dyy;
          if (det <= 0 || (tr * tr) / det >= edgeLimit) continue;
          const sigmaOct = SIGMA0 * 2 ** (k / INTERVALS);
          keypoints.push({
            x: (x + 0.5) * scale - 0.5,
            y: (y + 0.5) * scale - 0.5,
            sigma: sigmaOct * scale,
            angle: dominantAngle(gauss[k], x, y, sigmaOct),
            response: Math.abs(v),
          });
        }
      }
    }
    // Next octave: the image at twice σ0, taken every other pixel.
    const src = gauss[INTERVALS];
    const nw = w >> 1,
      nh = h >> 1;
    const next = new Float32Array(nw * nh);
    for (let y = 0; y < nh; y++) for (let x = 0; x < nw; x++) next[y * nw + x] = src.data[2 * y * w + 2 * x];
    base = { width: nw, height: nh, data: next };
  }
  return keypoints;
}

function isExtremum(
  v: number,
  i: number,
  w: number,
  below: Float32Array,
  here: Float32Array,
  above: Float32Array,
): boolean {
  const max = v > 0;
  for (const layer of [below, here, above]) {
    for (let dy = -w; dy <= w; dy += w) {
      for (let dx = -1; dx <= 1; dx++) {
        const j = i + dy + dx;
        if (layer === here && j === i) continue;
        if (max ? layer[j] >= v : layer[j] <= v) return false;
      }
    }
  }
  return true;
}

function dominantAngle(g: FloatImage, cx: number, cy: number, sigma: number): number {
  const bins = new Float64Array(36);
  const s = 1.5 * sigma;
  const radius = Math.round(3 * s);
  const { width: w, height: h, data } = g;
  for (let dy = -radius; dy <= radius; dy++) {
    const y = cy + dy;
    if (y <= 0 || y >= h - 1) continue;
    for (let dx = -radius; dx <= radius; dx++) {
      const x = cx + dx;
      if (x <= 0 || x >= w - 1) continue;
      const gx = data[y * w + x + 1] - data[y * w + x - 1];
      const gy = data[(y + 1) * w + x] - data[(y - 1) * w + x];
      const weight = Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
      const angle = Math.atan2(gy, gx);
      const bin = Math.floor(((angle + Math.PI) / (2 * Math.PI)) * 36) % 36;
      bins[bin] += weight * Math.hypot(gx, gy);
    }
  }
  let best = 0;
  for (let b = 1; b < 36; b++) if (bins[b] > bins[best]) best = b;
  const l = bins[(best + 35) % 36],
    c = bins[best],
    rr = bins[(best + 1) % 36];
  const denom = l - 2 * c + rr;
  const offset = denom === 0 ? 0 : (0.5 * (l - rr)) / denom;
  return ((best + 0.5 + offset) / 36) * 2 * Math.PI - Math.PI;
}
