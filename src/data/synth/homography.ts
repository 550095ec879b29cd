/** 3×3 homographies (row-major Float64Array(9)): 4-point solve, application, inverse, local Jacobian. */

export type Homography = Float64Array;
export type Point = readonly [number, number];

export const IDENTITY: Homography = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);

/** The homography mapping src[k] to dst[k] (4 points, h33 = 1), by Gaussian elimination on the 8×8 DLT. */
export function solveHomography(src: readonly Point[], dst: readonly Point[]): Homography {
  const a: number[][] = [];
  for (let k = 0; k < 4; k++) {
    const [x, y] = src[k];
    const [u, v] = dst[k];
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (Math.abs(a[p][c]) < 1e-12) throw new Error('degenerate point configuration for a homography');
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k < 9; k++) a[r][k] -= f * a[c][k];
    }
  }
  const h = new Float64Array(9);
  for (let i = 0; i < 8; i++) h[i] = a[i][8] / a[i][i];
  h[8] = 1;
  return h;
}

export function applyHomography(h: Homography, x: number, y: number): [number, number] {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}

export function invertHomography(h: Homography): Homography {
  const [a, b, c, d, e, f, g, i, j] = h;
  const A = e * j - f * i,
    B = -(d * j - f * g),
    C = d * i - e * g;
  // The adjugate is the inverse up to scale; normalise so that h33 = 1.
  const inv = Float64Array.of(
    A,
    -(b * j - c * i),
    b * f - c * e,
    B,
    a * j - c * g,
    -(a * f - c * d),
    C,
    -(a * i - b * g),
    a * e - b * d,
  );
  const s = inv[8];
  for (let k = 0; k < 9; k++) inv[k] /= s;
  return inv;
}

/** Area scale of the map at (x, y): sqrt|det J|, J the 2×2 Jacobian of h. */
export function localScale(h: Homography, x: number, y: number): number {
  const w = h[6] * x + h[7] * y + h[8];
  const u = (h[0] * x + h[1] * y + h[2]) / w;
  const v = (h[3] * x + h[4] * y + h[5]) / w;
  const j00 = (h[0] - u * h[6]) / w,
    j01 = (h[1] - u * h[7]) / w;
  const j10 = (h[3] - v * h[6]) / w,
    j11 = (h[4] - v * h[7]) / w;
  return Math.sqrt(Math.abs(j00 * j11 - j01 * j10));
}
