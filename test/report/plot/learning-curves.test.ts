import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  lrChanges,
  PANEL_HEIGHT,
  PANEL_WIDTH,
  renderLearningCurves,
} from '../../../src/report/plot/learning-curves.js';
import { SERIES_COLORS } from '../../../src/report/plot/line-plot.js';
import { countColor, decodePng } from './png-decode.js';

const epochs = (n: number, lr: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => ({
    epoch: i + 1,
    loss: 10 / (i + 1),
    valLoss: 11 / (i + 1),
    lr: lr(i),
  }));
const DASH: readonly [number, number, number] = [150, 110, 190];

describe('renderLearningCurves', () => {
  it('draws one panel per stage with train and validation loss in their own colours', () => {
    const png = decodePng(
      renderLearningCurves({
        denoiser: { history: epochs(12, () => 0.1) },
        descriptor: { history: epochs(5, () => 0.1) },
      }),
    );
    assert.equal(png.width, PANEL_WIDTH);
    assert.equal(png.height, 2 * PANEL_HEIGHT);
    for (const panel of [0, 1]) {
      const box = {
        x0: 100,
        y0: panel * PANEL_HEIGHT + 80,
        x1: PANEL_WIDTH - 30,
        y1: (panel + 1) * PANEL_HEIGHT - 70,
      };
      assert.ok(countColor(png, SERIES_COLORS[0], box) > 200, `train loss line in panel ${panel}`);
      assert.ok(countColor(png, SERIES_COLORS[1], box) > 200, `validation loss line in panel ${panel}`);
    }
  });

  it('shows a single epoch as points rather than an empty plot', () => {
    const png = decodePng(
      renderLearningCurves({ descriptor: { history: [{ epoch: 1, loss: 0.74, valLoss: 0.68, lr: 0.1 }] } }),
    );
    const plot = { x0: 100, y0: 80, x1: PANEL_WIDTH - 30, y1: PANEL_HEIGHT - 70 };
    // A disc of radius 5 is about 80 pixels; the legend sample lies above the plot area.
    assert.ok(countColor(png, SERIES_COLORS[0], plot, 30) >= 50);
    assert.ok(countColor(png, SERIES_COLORS[1], plot, 30) >= 50);
  });

  it('marks epochs where the learning rate changed with dashed lines, and none when it stays', () => {
    const steady = decodePng(renderLearningCurves({ s: { history: epochs(8, () => 0.1) } }));
    const stepped = decodePng(
      renderLearningCurves({ s: { history: epochs(8, (i) => (i < 4 ? 0.1 : 0.02)) } }),
    );
    assert.equal(countColor(steady, DASH, undefined, 10), 0);
    assert.ok(countColor(stepped, DASH, undefined, 10) > 100);
  });

  it('places an LR marker halfway between the epochs around the change', () => {
    const h = epochs(6, (i) => (i < 2 ? 1e-3 : i < 4 ? 2e-4 : 2e-4));
    assert.deepEqual(lrChanges(h), [{ x: 2.5, label: 'lr 2e-4' }]);
  });

  it('renders the same bytes for the same histories', () => {
    const h = { s: { history: epochs(4, () => 0.1) } };
    assert.ok(renderLearningCurves(h).equals(renderLearningCurves(h)));
  });
});
