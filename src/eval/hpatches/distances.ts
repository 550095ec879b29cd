/**
 * Euclidean distances between descriptor sets. Bulk distances use ‖a‖² + ‖b‖² − 2a·b with a
 * register-blocked matrix product (float32 inputs, float64 accumulation: faster on this class of
 * machine than the tfjs cpu/wasm matMul and deterministic across back ends). Wherever a comparison
 * decides a result (nearest neighbour, rank), near-ties are re-checked with the exact distance the
 * benchmark computes (`scipy.spatial.distance`: sqrt of the float64 sum of squared differences).
 */

/** `out[i·nb + j] = a_i · b_j` for `a` (na × d) and `b` (nb × d), row-major (4×4 register blocks). */
// prettier-ignore
export function crossDot(a: Float32Array, na: number, b: Float32Array, nb: number, d: number, out = new Float64Array(na * nb)): Float64Array {
  const na4 = na - (na % 4);
  const nb4 = nb - (nb % 4);
  for (let i = 0; i < na4; i += 4) {
    const a0 = i * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
    for (let j = 0; j < nb4; j += 4) {
      const b0 = j * d, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let k = 0; k < d; k++) {
        const x0 = a[a0 + k], x1 = a[a1 + k], x2 = a[a2 + k], x3 = a[a3 + k];
        const y0 = b[b0 + k], y1 = b[b1 + k], y2 = b[b2 + k], y3 = b[b3 + k];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
        s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
        s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
      }
      let o = i * nb + j;
      out[o] = s00; out[o + 1] = s01; out[o + 2] = s02; out[o + 3] = s03; o += nb;
      out[o] = s10; out[o + 1] = s11; out[o + 2] = s12; out[o + 3] = s13; o += nb;
      out[o] = s20; out[o + 1] = s21; out[o + 2] = s22; out[o + 3] = s23; o += nb;
      out[o] = s30; out[o + 1] = s31; out[o + 2] = s32; out[o + 3] = s33;
    }
    for (let j = nb4; j < nb; j++) for (let r = 0; r < 4; r++) out[(i + r) * nb + j] = dot(a, (i + r) * d, b, j * d, d);
  }
  for (let i = na4; i < na; i++) for (let j = 0; j < nb; j++) out[i * nb + j] = dot(a, i * d, b, j * d, d);
  return out;
}

function dot(a: Float32Array, ia: number, b: Float32Array, ib: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[ia + k] * b[ib + k];
  return s;
}

export function squaredNorms(a: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = dot(a, i * d, a, i * d, d);
  return out;
}

/** The benchmark's Euclidean distance between row `i` of `a` and row `j` of `b`. */
export function exactDistance(a: Float32Array, i: number, b: Float32Array, j: number, d: number): number {
  let s = 0;
  const ia = i * d;
  const ib = j * d;
  for (let k = 0; k < d; k++) {
    const t = a[ia + k] - b[ib + k];
    s += t * t;
  }
  return Math.sqrt(s);
}

/**
 * Bound on |(‖a‖² + ‖b‖² − 2a·b) − exact ‖a − b‖²| relative to ‖a‖² + ‖b‖²: products of float32 values
 * are exact in float64, so the error is that of float64 summation over d terms (≈ d·2⁻⁵³), doubled for safety.
 */
export function squaredDistanceTolerance(d: number): number {
  return (2 * d + 16) * 2 ** -52;
}

export interface NearestNeighbours {
  /** Index in `b` of each row of `a`'s nearest neighbour (first index on ties, as `np.argmin`). */
  readonly index: Int32Array;
  /** Its exact distance. */
  readonly distance: Float64Array;
}

/** Nearest neighbour in `b` of every row of `a`, processed in row blocks to bound memory. */
export function nearestNeighbours(
  a: Float32Array,
  na: number,
  b: Float32Array,
  nb: number,
  d: number,
): NearestNeighbours {
  const index = new Int32Array(na);
  const distance = new Float64Array(na);
  if (nb === 0) throw new Error('nearestNeighbours: the target set is empty');
  const normA = squaredNorms(a, na, d);
  const normB = squaredNorms(b, nb, d);
  let maxNormB = 0;
  for (let j = 0; j < nb; j++) maxNormB = Math.max(maxNormB, normB[j]);
  const rel = squaredDistanceTolerance(d);
  const block = Math.max(4, Math.floor(4_000_000 / nb) & ~3);
  const dots = new Float64Array(Math.min(block, na) * nb);
  for (let i0 = 0; i0 < na; i0 += block) {
    const rows = Math.min(block, na - i0);
    crossDot(a.subarray(i0 * d, (i0 + rows) * d), rows, b, nb, d, dots);
    for (let r = 0; r < rows; r++) {
      const i = i0 + r;
      const base = r * nb;
      let min = Infinity;
      for (let j = 0; j < nb; j++) {
        const sq = normA[i] + normB[j] - 2 * dots[base + j];
        if (sq < min) min = sq;
      }
      // Every j whose approximate distance could be the minimum is checked exactly.
      const limit = min + 2 * rel * (normA[i] + maxNormB);
      let best = -1;
      let bestDist = Infinity;
      for (let j = 0; j < nb; j++) {
        if (normA[i] + normB[j] - 2 * dots[base + j] > limit) continue;
        const e = exactDistance(a, i, b, j, d);
        if (e < bestDist) {
          bestDist = e;
          best = j;
        }
      }
      if (best < 0)
        throw new Error(
          `nearestNeighbours: descriptor row ${i} or its candidates are not finite; check the descriptor for NaN/∞`,
        );
      index[i] = best;
      distance[i] = bestDist;
    }
  }
  return { index, distance };
}
