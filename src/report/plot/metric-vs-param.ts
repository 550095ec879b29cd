/**
 * A sweep's metrics against each swept parameter: one panel per parameter, one colour per metric; every
 * trial is a point and a line joins the per-value means (other swept parameters vary between the points
 * at one value). Numeric values get a numeric axis (log when they span two decades or more), others a
 * categorical one.
 */
import { drawPanel, SERIES_COLORS, type PlotSeries, type XAxis } from './line-plot.js';
import { createRaster, encodeRasterPng } from './raster.js';

export interface MetricPoint {
  /** The trial's swept values, by parameter path. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface MetricVsParamOptions {
  readonly points: readonly MetricPoint[];
  /** Parameter paths, one panel each, in this order. */
  readonly params: readonly string[];
  /** Metric keys and their legend labels, one series each. */
  readonly metrics: readonly { readonly key: string; readonly label: string }[];
  readonly yLabel?: string;
}

const NATURAL = new Intl.Collator('en', { numeric: true });

export const PANEL_WIDTH = 760;
export const PANEL_HEIGHT = 400;

/** How a parameter's values lie on the x axis, and each value's x. */
export function paramAxis(values: readonly unknown[]): { axis: XAxis; xOf: (v: unknown) => number } {
  const distinct = [...new Set(values.map((v) => JSON.stringify(v)))];
  if (values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const nums = values as number[];
    const positive = nums.every((v) => v > 0);
    const span = positive ? Math.max(...nums) / Math.min(...nums) : 0;
    return { axis: positive && span >= 100 ? { kind: 'log' } : { kind: 'linear' }, xOf: (v) => v as number };
  }
  const label = (s: string): string => {
    const v: unknown = JSON.parse(s);
    return typeof v === 'string' ? v : s;
  };
  // Natural order ("8" < "16"), with a plain comparison as the tie-break so the order never depends on locale data.
  distinct.sort((a, b) => NATURAL.compare(label(a), label(b)) || (a < b ? -1 : a > b ? 1 : 0));
  const labels = distinct.map(label);
  const index = new Map(distinct.map((s, i) => [s, i]));
  return { axis: { kind: 'category', labels }, xOf: (v) => index.get(JSON.stringify(v))! };
}

export function renderMetricVsParam(o: MetricVsParamOptions): Buffer {
  const r = createRaster(PANEL_WIDTH, PANEL_HEIGHT * Math.max(1, o.params.length));
  o.params.forEach((param, i) => {
    const pts = o.points.filter((p) => param in p.params);
    const { axis, xOf } = paramAxis(pts.map((p) => p.params[param]));
    const series: PlotSeries[] = o.metrics.flatMap((m, k) => {
      const color = SERIES_COLORS[k % SERIES_COLORS.length];
      const raw = pts
        .filter((p) => Number.isFinite(p.metrics[m.key]))
        .map((p) => ({ x: xOf(p.params[param]), y: p.metrics[m.key] }));
      const byX = new Map<number, number[]>();
      for (const p of raw) byX.set(p.x, [...(byX.get(p.x) ?? []), p.y]);
      const means = [...byX]
        .sort(([a], [b]) => a - b)
        .map(([x, ys]) => ({ x, y: ys.reduce((a, b) => a + b, 0) / ys.length }));
      const repeated = raw.length > means.length;
      return [
        { label: m.label, color, points: means, markers: !repeated },
        ...(repeated ? [{ label: '', color, points: raw, line: false, markers: true }] : []),
      ];
    });
    drawPanel(
      r,
      { x: 0, y: i * PANEL_HEIGHT, w: PANEL_WIDTH, h: PANEL_HEIGHT },
      {
        title: `metrics against ${param}`,
        xLabel: param,
        yLabel: o.yLabel ?? 'mAP',
        xAxis: axis,
        series,
      },
    );
  });
  return encodeRasterPng(r);
}
