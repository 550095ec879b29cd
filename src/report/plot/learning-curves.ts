/**
 * Learning curves like the report's figures 4–7: per stage, training and validation loss per epoch,
 * with the epochs where the learning rate changed marked by dashed lines. One panel per stage, stacked.
 */
import type { EpochRecord } from '../../train/epoch-record.js';
import { drawPanel, SERIES_COLORS, type PlotSeries, type VerticalMarker } from './line-plot.js';
import { createRaster, encodeRasterPng } from './raster.js';

export const PANEL_WIDTH = 760;
export const PANEL_HEIGHT = 400;

export interface StageHistory {
  readonly history: readonly Pick<EpochRecord, 'epoch' | 'loss' | 'valLoss' | 'lr'>[];
}

/** Where the learning rate differs from the previous epoch's: a marker between the two epochs. */
export function lrChanges(history: StageHistory['history']): VerticalMarker[] {
  const out: VerticalMarker[] = [];
  for (let i = 1; i < history.length; i++) {
    const { lr } = history[i];
    if (lr !== history[i - 1].lr) out.push({ x: history[i].epoch - 0.5, label: `lr ${formatLr(lr)}` });
  }
  return out;
}

function formatLr(lr: number): string {
  return lr.toExponential(1).replace(/\.0e/, 'e').replace('e+', 'e');
}

/**
 * Loss spans decades early in training; a log axis keeps the later epochs readable. Used when all
 * losses are positive and the largest is over 20× the smallest.
 */
function wantsLogY(values: readonly number[]): boolean {
  const finite = values.filter(Number.isFinite);
  return finite.length > 1 && Math.min(...finite) > 0 && Math.max(...finite) / Math.min(...finite) > 20;
}

/** The PNG: one panel per stage in the given order; a stage with one epoch shows its losses as points. */
export function renderLearningCurves(
  stages: Readonly<Record<string, StageHistory>>,
  o: { logY?: boolean } = {},
): Buffer {
  const names = Object.keys(stages);
  const r = createRaster(PANEL_WIDTH, PANEL_HEIGHT * Math.max(1, names.length));
  names.forEach((name, i) => {
    const history = stages[name].history;
    const series: PlotSeries[] = [
      {
        label: 'train loss',
        color: SERIES_COLORS[0],
        points: history.map((h) => ({ x: h.epoch, y: h.loss })),
      },
    ];
    const val = history.filter((h) => h.valLoss !== undefined);
    if (val.length > 0) {
      series.push({
        label: 'validation loss',
        color: SERIES_COLORS[1],
        points: val.map((h) => ({ x: h.epoch, y: h.valLoss! })),
      });
    }
    const lrs = [...new Set(history.map((h) => h.lr))];
    drawPanel(
      r,
      { x: 0, y: i * PANEL_HEIGHT, w: PANEL_WIDTH, h: PANEL_HEIGHT },
      {
        title: `${name}: loss per epoch${lrs.length === 1 ? ` (lr ${formatLr(lrs[0])})` : ''}`,
        xLabel: 'epoch',
        yLabel: 'loss',
        xAxis: { kind: 'linear', integer: true },
        logY: o.logY ?? wantsLogY(series.flatMap((s) => s.points.map((p) => p.y))),
        series,
        verticalMarkers: lrChanges(history),
        markerLegend: 'LR change',
      },
    );
  });
  return encodeRasterPng(r);
}
