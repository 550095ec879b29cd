/** Relative improvement of a run over a baseline, as the study states it ("+12 % verification"). */

/** (value − baseline) / baseline, or undefined when either is missing or the baseline is 0. */
export function relativeImprovement(
  value: number | undefined,
  baseline: number | undefined,
): number | undefined {
  if (
    value === undefined ||
    baseline === undefined ||
    !Number.isFinite(value) ||
    !Number.isFinite(baseline) ||
    baseline === 0
  ) {
    return undefined;
  }
  return (value - baseline) / Math.abs(baseline);
}

/** `+12.3 %`, `-4.0 %`, `+0.0 %`; `n/a` when there is nothing to compare. */
export function formatImprovement(fraction: number | undefined): string {
  if (fraction === undefined) return 'n/a';
  const pct = fraction * 100;
  const text = Math.abs(pct).toFixed(1);
  return `${pct < 0 && text !== '0.0' ? '-' : '+'}${text} %`;
}
