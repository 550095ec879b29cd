import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HPatchesResults } from '../../../src/eval/hpatches/evaluate.js';
import {
  renderResultsCsv,
  renderResultsMarkdown,
  resultsToMetrics,
} from '../../../src/eval/hpatches/report.js';
import { writeResultsReport } from '../../../src/eval/hpatches/write-report.js';

const results: HPatchesResults = {
  levels: ['easy', 'tough'],
  verification: {
    table: {
      easy: { inter: { auc: 0.9, ap: 0.8 }, intra: { auc: 0.85, ap: 0.7 } },
      tough: { inter: { auc: 0.8, ap: 0.6 }, intra: { auc: 0.75, ap: 0.5 } },
    },
    map: 0.65,
    pairs: 100,
  },
  matching: { table: { easy: 0.3, tough: 0.1 }, map: 0.2, perSequence: {} },
  retrieval: {
    poolSizes: [100, 500],
    table: { easy: [0.6, 0.4], tough: [0.4, 0.2] },
    meanRow: [0.5, 0.3],
    map: 0.4,
    queries: 10,
    distractors: 600,
  },
  taskSources: { verification: 'generated', retrieval: 'generated' },
  timings: {},
};

describe('results report', () => {
  it('flattens results into eval/ metric names', () => {
    const m = resultsToMetrics(results);
    assert.equal(m['eval/verification_map'], 0.65);
    assert.equal(m['eval/verification/intra/tough_ap'], 0.5);
    assert.equal(m['eval/verification/inter/easy_auc'], 0.9);
    assert.equal(m['eval/matching_map'], 0.2);
    assert.equal(m['eval/matching/tough'], 0.1);
    assert.equal(m['eval/retrieval_map'], 0.4);
    assert.equal(m['eval/retrieval/k500'], 0.3);
    assert.equal(m['eval/retrieval/easy/k100'], 0.6);
    assert.equal(Object.keys(m).length, 1 + 8 + 1 + 2 + 1 + 2 + 4);
  });

  it("renders the benchmark's tables in Markdown and every number in CSV", async () => {
    const md = renderResultsMarkdown(results);
    assert.match(
      md,
      /### Verification — Imbalanced variant \(ap\)\n\n\| Noise \| Inter \| Intra \|\n\|---\|---:\|---:\|\n\| Easy \| 0\.8000 \| 0\.7000 \|/,
    );
    assert.match(md, /\| mean \| 0\.5000 \| 0\.3000 \|/);
    const csv = renderResultsCsv(results);
    assert.match(csv, /^task,variant,level,column,value\n/);
    assert.match(csv, /\nretrieval,map,tough,500,0\.2\n/);
    const dir = await mkdtemp(join(tmpdir(), 'trellis-report-'));
    try {
      const [mdFile] = await writeResultsReport(dir, results);
      assert.match(await readFile(mdFile, 'utf8'), /^## HPatches evaluation\n/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
