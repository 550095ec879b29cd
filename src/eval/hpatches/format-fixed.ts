/**
 * `'%10.5f' % x` as Python / C printf writes it (numpy.savetxt in the benchmark's tools): 5 decimals,
 * right-aligned in 10 characters, exact ties rounded half to even, `-0.00000` kept.
 * `toFixed` already rounds the exact binary value but breaks exact ties upwards; a double is exactly
 * halfway at the 6th decimal only when it is an odd multiple of 1/64, which is detected exactly.
 */
export function formatFixed5(x: number): string {
  if (Number.isNaN(x)) return 'nan'.padStart(10);
  if (!Number.isFinite(x)) return (x > 0 ? 'inf' : '-inf').padStart(10);
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  const q = a * 64; // exact: a power-of-two scaling
  if (Number.isInteger(q) && q % 2 === 1 && q < 2 ** 40) {
    // a·10⁵ = q·3125/2 is a half-integer: pick the even neighbour.
    const lower = (q * 3125 - 1) / 2;
    const n = lower % 2 === 0 ? lower : lower + 1;
    body = `${Math.floor(n / 1e5)}.${String(n % 1e5).padStart(5, '0')}`;
  } else {
    body = a.toFixed(5);
  }
  return ((negative ? '-' : '') + body).padStart(10);
}
