/**
 * Stable descending argsort of float scores, the order `np.argsort(-scores, kind='mergesort')` gives:
 * larger scores first, equal scores in input order. Large inputs use an LSD radix sort over the
 * IEEE-754 bits (stable by construction and O(n)); small ones the built-in stable sort.
 */
const RADIX_MIN = 512;

export function stableArgsortDescending(scores: ArrayLike<number>): Uint32Array {
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i]))
      throw new Error(`stableArgsortDescending: score ${i} is NaN; distances must be numbers`);
  }
  if (n < RADIX_MIN) {
    const idx = Array.from({ length: n }, (_, i) => i);
    // -0 and +0 compare equal here, as in numpy.
    idx.sort((a, b) => (scores[a] > scores[b] ? -1 : scores[a] < scores[b] ? 1 : a - b));
    return Uint32Array.from(idx);
  }
  return radixArgsortDescending(scores);
}

/** Keys that sort ascending in the order of descending scores: the bits of -score, made unsigned-comparable. */
function descendingKeys(scores: ArrayLike<number>): { hi: Uint32Array; lo: Uint32Array } {
  const n = scores.length;
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    f[0] = s === 0 ? 0 : -s; // -0 → +0 so that both zeros tie
    let h = u[1];
    let l = u[0];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
  }
  return { hi, lo };
}

function radixArgsortDescending(scores: ArrayLike<number>): Uint32Array {
  const n = scores.length;
  const { hi, lo } = descendingKeys(scores);
  let perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let next = new Uint32Array(n);
  const count = new Uint32Array(65536);
  // Four 16-bit passes, least significant first; each pass is a stable counting sort.
  for (const [word, shift] of [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ] as const) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(word[i] >>> shift) & 0xffff]++;
    if (count[(word[perm[0]] >>> shift) & 0xffff] === n) continue; // all equal in this digit
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const p = perm[i];
      next[count[(word[p] >>> shift) & 0xffff]++] = p;
    }
    [perm, next] = [next, perm];
  }
  return perm;
}
