/**
 * One plot panel: frame, grid, ticks and tick labels, axis labels, title, series as lines and/or
 * markers, dashed vertical markers (LR changes) and a legend, drawn into a box of a raster.
 */
import { GLYPH_HEIGHT, LINE_ROWS, textWidth } from './bitmap-font.js';
import { categoryScale, linearScale, logScale, type AxisScale } from './axis-scale.js';
import {
  drawDashedHorizontal,
  drawDashedVertical,
  drawDisc,
  drawSegment,
  drawText,
  fillRect,
  strokeRect,
  type Box,
  type Raster,
  type Rgb,
} from './raster.js';

/** Distinct, colour-blind-friendly series colours (matplotlib's tab10 order). */
export const SERIES_COLORS: readonly Rgb[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
];

const TEXT: Rgb = [40, 40, 40];
const AXIS: Rgb = [90, 90, 90];
const GRID: Rgb = [232, 232, 232];
const MARKER_LINE: Rgb = [150, 110, 190];
/** Font scale of all panel text: 10×14-pixel glyphs. */
const S = 2;
/** Capital height, for centring text on a tick. */
const CAP_HEIGHT = GLYPH_HEIGHT * S;
/** A text line with its descenders. */
const LINE_HEIGHT = LINE_ROWS * S;
const LEGEND_ROW = LINE_HEIGHT + 6;

export interface PlotPoint {
  readonly x: number;
  readonly y: number;
}

export interface PlotSeries {
  readonly label: string;
  readonly color: Rgb;
  readonly points: readonly PlotPoint[];
  /** Join the points with a line (default true). */
  readonly line?: boolean;
  /** Draw a disc at every point (default: when there are at most 40 points, or a single one). */
  readonly markers?: boolean;
}

export interface VerticalMarker {
  readonly x: number;
  /** Short text next to the line's top, e.g. `lr 2e-5`. */
  readonly label?: string;
}

export type XAxis =
  | { readonly kind: 'linear'; readonly integer?: boolean }
  | { readonly kind: 'log' }
  /** `x` of each point is the index into `labels`. */
  | { readonly kind: 'category'; readonly labels: readonly string[] };

export interface PanelSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xAxis: XAxis;
  readonly logY?: boolean;
  readonly series: readonly PlotSeries[];
  readonly verticalMarkers?: readonly VerticalMarker[];
  /** Legend entry for the vertical markers (shown only when there are some). The legend sits above the plot. */
  readonly markerLegend?: string;
}

function usable(p: PlotPoint, logX: boolean, logY: boolean): boolean {
  return Number.isFinite(p.x) && Number.isFinite(p.y) && (!logX || p.x > 0) && (!logY || p.y > 0);
}

function xScale(spec: PanelSpec, xs: number[]): AxisScale {
  const a = spec.xAxis;
  if (a.kind === 'category') return categoryScale(a.labels);
  if (a.kind === 'log') return logScale(xs);
  return linearScale(xs, { integer: a.integer });
}

/** Draws the panel inside `box`; text never leaves the box, lines are clipped to the plot area. */
export function drawPanel(r: Raster, box: Box, spec: PanelSpec): void {
  const logX = spec.xAxis.kind === 'log';
  const logY = spec.logY === true;
  const series = spec.series.map((s) => ({ ...s, points: s.points.filter((p) => usable(p, logX, logY)) }));
  const all = series.flatMap((s) => s.points);
  const markers = (spec.verticalMarkers ?? []).filter((m) => Number.isFinite(m.x));
  const x = xScale(spec, [...all.map((p) => p.x), ...markers.map((m) => m.x)]);
  const y = logY
    ? logScale(all.map((p) => p.y))
    : linearScale(
        all.map((p) => p.y),
        { maxTicks: 5 },
      );

  const yTickWidth = Math.max(0, ...y.ticks.map((t) => textWidth(t.label, S)));
  const legend = legendRows(series, markers.length > 0 ? spec.markerLegend : undefined, box.w - 40);
  const legendTop = box.y + 14 + LINE_HEIGHT + 6;
  const plot = {
    x: box.x + 12 + LINE_HEIGHT + 10 + yTickWidth + 8,
    y: legendTop + legend.length * LEGEND_ROW + 8,
  };
  const right = box.x + box.w - 24;
  const bottom = box.y + box.h - (8 + LINE_HEIGHT + 12 + LINE_HEIGHT + 10);
  const area: Box = { ...plot, w: right - plot.x, h: bottom - plot.y };
  const px = (v: number) => area.x + x.fraction(v) * (area.w - 1);
  const py = (v: number) => area.y + (1 - y.fraction(v)) * (area.h - 1);

  drawText(r, spec.title, box.x + box.w / 2, box.y + 14, {
    scale: S,
    align: 'center',
    color: TEXT,
    bold: true,
  });
  for (const t of y.ticks) {
    const yy = Math.round(py(t.value));
    if (yy < area.y || yy > area.y + area.h - 1) continue;
    fillRect(r, area.x, yy, area.w, 1, GRID);
    fillRect(r, area.x - 5, yy, 5, 1, AXIS);
    drawText(r, t.label, area.x - 9, yy - Math.floor(CAP_HEIGHT / 2), {
      scale: S,
      align: 'right',
      color: TEXT,
    });
  }
  let lastLabelEnd = -Infinity;
  for (const t of x.ticks) {
    const xx = Math.round(px(t.value));
    if (xx < area.x || xx > area.x + area.w - 1) continue;
    if (x.kind !== 'category') fillRect(r, xx, area.y, 1, area.h, GRID);
    fillRect(r, xx, area.y + area.h, 1, 5, AXIS);
    // Skip a label that would overlap the previous one rather than print both unreadably.
    const w = textWidth(t.label, S);
    if (xx - w / 2 > lastLabelEnd + 8) {
      drawText(r, t.label, xx, area.y + area.h + 9, { scale: S, align: 'center', color: TEXT });
      lastLabelEnd = xx + w / 2;
    }
  }
  strokeRect(r, area.x - 1, area.y - 1, area.w + 2, area.h + 2, AXIS);
  drawText(r, spec.xLabel, area.x + area.w / 2, box.y + box.h - 8 - LINE_HEIGHT, {
    scale: S,
    align: 'center',
    color: TEXT,
  });
  drawText(r, spec.yLabel, box.x + 12, area.y + area.h / 2, {
    scale: S,
    align: 'center',
    color: TEXT,
    rotate: true,
  });

  for (const m of markers) {
    const xx = Math.round(px(m.x));
    drawDashedVertical(r, xx, area.y, area.y + area.h - 1, { color: MARKER_LINE });
    if (m.label) drawText(r, m.label, xx + 4, area.y + 4, { scale: 1, color: MARKER_LINE });
  }
  drawLegend(r, legend, box.x + box.w / 2, legendTop);
  for (const s of series) {
    const pts = s.points.map((p) => [px(p.x), py(p.y)] as const);
    if (s.line !== false) {
      for (let i = 1; i < pts.length; i++)
        drawSegment(r, pts[i - 1], pts[i], { color: s.color, width: 2.2, clip: area });
    }
    if (s.markers ?? pts.length <= 40)
      for (const [cx, cy] of pts) drawDisc(r, cx, cy, pts.length === 1 ? 5 : 3.5, s.color);
  }
}

interface LegendEntry {
  readonly label: string;
  readonly series?: PlotSeries;
  readonly width: number;
}

const SAMPLE = 26;

/** Legend entries laid out in centred rows that fit `width`. */
function legendRows(
  series: readonly PlotSeries[],
  markerLegend: string | undefined,
  width: number,
): LegendEntry[][] {
  const entries: LegendEntry[] = [
    ...series
      .filter((s) => s.label !== '')
      .map((s) => ({ label: s.label, series: s, width: SAMPLE + 8 + textWidth(s.label, S) })),
    ...(markerLegend ? [{ label: markerLegend, width: SAMPLE + 8 + textWidth(markerLegend, S) }] : []),
  ];
  const rows: LegendEntry[][] = [];
  let used = Infinity;
  for (const e of entries) {
    if (used + 24 + e.width > width) {
      rows.push([]);
      used = -24;
    }
    rows[rows.length - 1].push(e);
    used += 24 + e.width;
  }
  return rows;
}

/** The legend above the plot area, so it never hides data. */
function drawLegend(r: Raster, rows: readonly LegendEntry[][], centreX: number, top: number): void {
  rows.forEach((row, i) => {
    const total = row.reduce((a, e) => a + e.width, 0) + 24 * (row.length - 1);
    let x = Math.round(centreX - total / 2);
    const cy = top + i * LEGEND_ROW + Math.round(CAP_HEIGHT / 2);
    for (const e of row) {
      const s = e.series;
      if (!s) drawDashedHorizontal(r, x, x + SAMPLE, cy, MARKER_LINE);
      else {
        if (s.line !== false) drawSegment(r, [x, cy], [x + SAMPLE, cy], { color: s.color, width: 2.2 });
        if (s.markers ?? s.points.length <= 40) drawDisc(r, x + SAMPLE / 2, cy, 3.5, s.color);
      }
      drawText(r, e.label, x + SAMPLE + 8, cy - Math.round(CAP_HEIGHT / 2), { scale: S, color: TEXT });
      x += e.width + 24;
    }
  });
}
