import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SERIES_COLORS } from '../../../src/report/plot/line-plot.js';
import {
  PANEL_HEIGHT,
  PANEL_WIDTH,
  paramAxis,
  renderMetricVsParam,
} from '../../../src/report/plot/metric-vs-param.js';
import { countColor, decodePng } from './png-decode.js';

describe('renderMetricVsParam', () => {
  it('draws one panel per swept parameter with a series per metric', () => {
    const points = [5000, 20000, 50000].flatMap((n) =>
      ['8', '16'].map((f) => ({ params: { samples: n, filters: f }, metrics: { v: 0.6 + n / 1e6, m: 0.1 } })),
    );
    const png = decodePng(
      renderMetricVsParam({
        points,
        params: ['filters', 'samples'],
        metrics: [
          { key: 'v', label: 'verification' },
          { key: 'm', label: 'matching' },
        ],
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
      assert.ok(countColor(png, SERIES_COLORS[0], box) > 100);
      assert.ok(countColor(png, SERIES_COLORS[1], box) > 100);
    }
  });

  it('uses a log axis for learning rates spanning decades, a linear one for sample counts, categories for strings in natural order', () => {
    assert.equal(paramAxis([0.1, 0.01, 0.001]).axis.kind, 'log');
    assert.equal(paramAxis([5000, 10000, 50000]).axis.kind, 'linear');
    const cat = paramAxis(['16', '8', '32', '8']);
    assert.deepEqual(cat.axis, { kind: 'category', labels: ['8', '16', '32'] });
    assert.equal(cat.xOf('32'), 2);
    assert.deepEqual(paramAxis([true, false]).axis, { kind: 'category', labels: ['false', 'true'] });
  });
});
