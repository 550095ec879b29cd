/**
 * Axis scales for plots: linear with "nice" ticks (1, 2, 2.5, 5 × 10^k), log10 with decade (or 1-2-5)
 * ticks, and categorical. A scale maps a data value to a fraction 0–1 of the axis.
 */

export interface Tick {
  readonly value: number;
  readonly label: string;
}

export interface AxisScale {
  readonly kind: 'linear' | 'log' | 'category';
  readonly ticks: readonly Tick[];
  /** 0 at the axis start, 1 at its end; for a category axis `value` is the category's index. */
  readonly fraction: (value: number) => number;
}

const NICE_STEPS = [1, 2, 2.5, 5, 10];

/** The smallest nice step that covers `span` in at most `maxTicks` intervals. */
export function niceStep(span: number, maxTicks = 6): number {
  const raw = span / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return NICE_STEPS.map((s) => s * magnitude).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * magnitude;
}

/** Tick labels: fixed decimals from the step (`0.25`, `1500`), exponent form for very small or large values (`1e-4`, `2.5e6`). */
export function formatTick(value: number, step: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) {
    const exp = Math.floor(Math.log10(abs) + 1e-9);
    const mantissa = +(value / 10 ** exp).toPrecision(3);
    return mantissa === 1 ? `1e${exp}` : mantissa === -1 ? `-1e${exp}` : `${mantissa}e${exp}`;
  }
  const decimals = decimalsOf(step);
  return value.toFixed(decimals);
}

/** Decimals that write `step` exactly (0.25 → 2, 5 → 0), at most 6. */
function decimalsOf(step: number): number {
  for (let d = 0; d < 6; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
  }
  return 6;
}

/**
 * A linear scale over `values` with a little margin and ticks at multiples of a nice step. `integer`
 * keeps ticks on whole numbers (epochs); a single value gets a unit-wide (or ±10 %) range around it.
 */
export function linearScale(
  values: readonly number[],
  o: { integer?: boolean; maxTicks?: number } = {},
): AxisScale {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (hi - lo === 0) {
    const pad = o.integer ? 1 : Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  } else if (o.integer) {
    lo -= 0.5;
    hi += 0.5;
  } else {
    const pad = (hi - lo) * 0.06;
    lo -= pad;
    hi += pad;
  }
  let step = niceStep(hi - lo, o.maxTicks ?? 6);
  if (o.integer) step = Math.max(1, Math.ceil(step));
  const ticks: Tick[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) {
    const v = +(k * step).toPrecision(12);
    ticks.push({ value: v, label: formatTick(v, step) });
  }
  return { kind: 'linear', ticks, fraction: (v) => (v - lo) / (hi - lo) };
}

/** A log10 scale over positive `values`: ticks at decades, or at 1-2-5 when the range spans under two decades. */
export function logScale(values: readonly number[]): AxisScale {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  let lo = Math.log10(Math.min(...(positive.length ? positive : [1])));
  let hi = Math.log10(Math.max(...(positive.length ? positive : [10])));
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.06;
  lo -= pad;
  hi += pad;
  const multipliers = hi - lo < 2 ? [1, 2, 5] : [1];
  const ticks: Tick[] = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
    for (const m of multipliers) {
      const v = m * 10 ** e;
      const l = Math.log10(v);
      if (l >= lo - 1e-9 && l <= hi + 1e-9)
        ticks.push({ value: v, label: formatTick(+v.toPrecision(12), v) });
    }
  }
  return { kind: 'log', ticks, fraction: (v) => (Math.log10(v) - lo) / (hi - lo) };
}

/** Evenly spaced categories, each in the middle of its slot. */
export function categoryScale(labels: readonly string[]): AxisScale {
  const n = Math.max(1, labels.length);
  return {
    kind: 'category',
    ticks: labels.map((label, i) => ({ value: i, label })),
    fraction: (i) => (i + 0.5) / n,
  };
}
