import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trialLabeller } from '../../src/report/build-report.js';
import { loadTrials } from '../../src/report/load-trials.js';
import { markdownTable } from '../../src/report/render-markdown.js';
import {
  improvementBlocks,
  levelBlocks,
  summaryTable,
  sweepTable,
  trainingTable,
} from '../../src/report/report-sections.js';
import type { ReportBlock } from '../../src/report/report-document.js';
import { BASELINE_SCORES, IMPROVED_SCORES, writeTrial } from './trial-fixtures.js';

const md = (blocks: readonly ReportBlock[]) =>
  blocks
    .map((b) =>
      b.kind === 'table'
        ? markdownTable(b)
        : b.kind === 'heading'
          ? `${'#'.repeat(b.level)} ${b.text}`
          : b.kind === 'paragraph'
            ? b.text
            : b.file,
    )
    .join('\n\n');

async function fixture() {
  const root = await mkdtemp(join(tmpdir(), 'report-tables-'));
  const base = await writeTrial({
    sweepDir: join(root, 'baseline', 's1'),
    trialId: 'b0',
    scores: BASELINE_SCORES,
  });
  const impr = await writeTrial({
    sweepDir: join(root, 'improved', 's1'),
    trialId: 'i0',
    scores: IMPROVED_SCORES,
  });
  const failed = await writeTrial({
    sweepDir: join(root, 'improved', 's1'),
    trialId: 'i1',
    reason: 'non-finite loss at epoch 2\nstack…',
  });
  const trials = await loadTrials([failed, impr, base]);
  return { root, trials, label: trialLabeller(trials) };
}

describe('report tables', () => {
  it('lists every run with its three mAPs, back end and state, sorted by experiment and trial', async () => {
    const { root, trials, label } = await fixture();
    try {
      assert.equal(
        markdownTable(summaryTable(trials, label) as Extract<ReportBlock, { kind: 'table' }>),
        [
          '| run | verification mAP | matching mAP | retrieval mAP | back end | state |',
          '|---|---:|---:|---:|---|---|',
          '| baseline/b0 | 0.6500 | 0.1167 | 0.3500 | wasm | completed |',
          '| improved/i0 | 0.7400 | 0.1567 | 0.4250 | wasm | completed |',
          '| improved/i1 | n/a | n/a | n/a | n/a | failed: non-finite loss at epoch 2 |',
        ].join('\n'),
      );
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('states the improvement over the baseline in percent per task', async () => {
    const { root, trials, label } = await fixture();
    try {
      const text = md(improvementBlocks(trials, trials[0], label));
      assert.equal(
        text,
        [
          'Relative change of each mAP over the baseline baseline/b0 (verification 0.6500, matching 0.1167, retrieval 0.3500): (run - baseline) / baseline.',
          '| run | verification | matching | retrieval |\n|---|---:|---:|---:|\n| improved/i0 | +13.8 % | +34.3 % | +21.4 % |',
          'improved/i0: +13.8 % verification, +34.3 % matching, +21.4 % retrieval.',
        ].join('\n\n'),
      );
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('breaks verification into the mean of inter and intra AP per level, and retrieval into the mean over pool sizes', async () => {
    const { root, trials, label } = await fixture();
    try {
      const text = md(levelBlocks(trials, label));
      assert.match(
        text,
        /### Verification: imbalanced AP, mean of inter- and intra-sequence negatives\n\n\| run \| easy \| hard \| tough \| mean \|\n\|---\|---:\|---:\|---:\|---:\|\n\| baseline\/b0 \| 0\.7500 \| 0\.6500 \| 0\.5500 \| 0\.6500 \|/,
      );
      assert.match(
        text,
        /### Verification: balanced ROC AUC[^\n]*\n\n[^\n]*\n[^\n]*\n\| baseline\/b0 \| 0\.8750 \| 0\.8250 \| 0\.7750 \| 0\.8250 \|/,
      );
      assert.match(
        text,
        /### Retrieval[^\n]*\n\n[^\n]*\n[^\n]*\n\| baseline\/b0 \| 0\.4500 \| 0\.3500 \| 0\.2500 \| 0\.3500 \|/,
      );
      assert.doesNotMatch(text, /i1/, 'a trial without results has no level rows');
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('shows per stage the epochs, final losses, time, back end and whether the cache supplied it', async () => {
    const { root, trials, label } = await fixture();
    try {
      const lines = md(trainingTable(trials, label)).split('\n');
      assert.equal(lines[2], '| baseline/b0 | denoiser | 1 | 12.5 | 11 | 28.3 s | wasm | no |');
      assert.equal(lines[3], '| baseline/b0 | descriptor | 3 | 0.6 | 0.7 | 2 min 52 s | wasm | yes |');
      assert.equal(lines[4], '| baseline/b0 | (evaluation) |  |  |  | 12.5 s | wasm |  |');
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('shows training time from the metrics for a results.json without stage histories', async () => {
    const root = await mkdtemp(join(tmpdir(), 'report-old-'));
    try {
      const dir = join(root, 'exp', 's', 'trials', 't');
      await mkdir(dir, { recursive: true });
      const metrics = {
        'eval/verification_map': 0.5,
        'time/denoiser_train_seconds': 30,
        'time/eval_seconds': 5,
      };
      await writeFile(join(dir, 'results.json'), JSON.stringify({ trialId: 't', backend: 'wasm', metrics }));
      const trials = await loadTrials([dir]);
      const lines = md(trainingTable(trials, trialLabeller(trials))).split('\n');
      assert.deepEqual(lines.slice(2), [
        '| t | denoiser | n/a | n/a | n/a | 30.0 s | n/a | n/a |',
        '| t | (evaluation) |  |  |  | 5.0 s | wasm |  |',
      ]);
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('summarises a sweep with one column per swept parameter, the state and the time', async () => {
    const root = await mkdtemp(join(tmpdir(), 'report-sweep-'));
    try {
      const sweepDir = join(root, 'exp', 's');
      const dirs = [
        await writeTrial({
          sweepDir,
          trialId: 'b',
          overrides: { 'stages.d.lr': 0.01, 'models.d.filters': 16 },
          scores: BASELINE_SCORES,
        }),
        await writeTrial({
          sweepDir,
          trialId: 'a',
          overrides: { 'stages.d.lr': 0.1, 'models.d.filters': 8 },
          reason: 'exited with code 3',
        }),
      ];
      const block = sweepTable(await loadTrials(dirs)) as Extract<ReportBlock, { kind: 'table' }>;
      assert.equal(
        markdownTable(block),
        [
          '| trial | models.d.filters | stages.d.lr | verification | matching | retrieval | state | time |',
          '|---|---|---|---:|---:|---:|---|---:|',
          '| a | 8 | 0.1 | n/a | n/a | n/a | failed: exited with code 3 | 1 min 30 s |',
          '| b | 16 | 0.01 | 0.6500 | 0.1167 | 0.3500 | completed | 3 min 33 s |',
        ].join('\n'),
      );
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('escapes pipes in cells so a reason cannot break the table', () => {
    const text = markdownTable({ kind: 'table', head: ['a', 'b'], rows: [['x | y', '1']] });
    assert.equal(text.split('\n')[2], '| x \\| y | 1 |');
  });
});
