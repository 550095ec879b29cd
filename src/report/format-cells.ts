/** How report tables write numbers, times and swept values (pure, locale-free, so reruns match byte for byte). */

export const NONE = 'n/a';

/** mAP and AUC: 4 decimals, as the evaluation's own tables. */
export function formatScore(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? NONE : x.toFixed(4);
}

/** `12.3 s`, `4 min 05 s`, `1 h 02 min`. */
export function formatSeconds(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return NONE;
  if (s < 60) return `${s.toFixed(1)} s`;
  const whole = Math.round(s);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}

/** `1,234,567` (thousands separated by commas, whatever the locale). */
export function formatCount(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return NONE;
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A loss: 4 significant digits, exponent form when tiny or huge. */
export function formatLoss(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return NONE;
  return Math.abs(x) !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)
    ? x.toExponential(3)
    : String(+x.toPrecision(4));
}

/** A swept value as the user wrote it in YAML: numbers and strings bare, anything else as JSON. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v) ?? NONE;
}
