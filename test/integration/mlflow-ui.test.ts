/**
 * The MLflow UI in a real browser: a 4-trial sweep logged through the tracking layer shows as one parent
 * with 4 nested runs, and a metric chart draws their learning curves. Uses Debian's chromium (installed
 * here with apt-get when missing) driven by playwright-core; no browser download.
 * Screenshots: artifacts/screenshots/mlflow-*.png.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { chromium, type Browser } from 'playwright-core';
import { startMlflowServer, type MlflowTestServer } from './harness/mlflow-server.js';
import { MlflowClient } from '../../src/tracking/mlflow-client.js';
import { openSweepRun, openTrialRun } from '../../src/tracking/open-run.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join('artifacts', 'screenshots');
const EXPERIMENT = 'noisy-hpatches-ui';
const LRS = [0.1, 0.05, 0.01, 0.001];
const EPOCHS = 8;

/** Installs Debian's chromium when missing (root + apt-get); returns why not when impossible. */
function ensureChromium(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.getuid?.() !== 0)
    return `${CHROMIUM} is missing and we are not root: apt-get install -y chromium`;
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const r = spawnSync('apt-get', args, {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0)
      return `"apt-get ${args.join(' ')}" failed (exit ${r.status}); install chromium by hand`;
  }
  return existsSync(CHROMIUM) ? undefined : `apt-get installed chromium but ${CHROMIUM} is absent`;
}

/** A small learning-curve PNG (white background, one dark polyline) made without a plotting library. */
function curvePng(values: number[], file: string): void {
  const w = 160;
  const h = 100;
  const png = new PNG({ width: w, height: h });
  png.data.fill(255);
  const max = Math.max(...values);
  for (let x = 0; x < w; x++) {
    const t = (x / (w - 1)) * (values.length - 1);
    const i = Math.min(Math.floor(t), values.length - 2);
    const v = values[i] + (values[i + 1] - values[i]) * (t - i);
    const y = Math.round((1 - v / max) * (h - 10)) + 5;
    for (const yy of [y, y + 1]) {
      const o = (yy * w + x) * 4;
      png.data[o] = 30;
      png.data[o + 1] = 60;
      png.data[o + 2] = 160;
    }
  }
  writeFileSync(file, PNG.sync.write(png));
}

/** Logs a sweep the way the orchestrator and trial runner do: params, per-epoch metrics, mAP, artifacts. */
async function logSweep(uri: string, dir: string): Promise<void> {
  const client = new MlflowClient({ connection: { baseUrl: uri } });
  const sweep = openSweepRun({
    experiment: EXPERIMENT,
    sweepId: 'sweep-lr',
    sweepDir: dir,
    client,
    runName: 'sweep descriptor lr',
    tagInput: { gitCommit: '0123456789abcdef', specHash: 'spec-abc', backend: 'cpu' },
  });
  await sweep.flush();
  const best: Array<[number, number]> = [];
  for (const [i, lr] of LRS.entries()) {
    const trialId = `trial-${i}`;
    const trialDir = join(dir, 'trials', trialId);
    mkdirSync(trialDir, { recursive: true });
    const t = openTrialRun({
      experiment: EXPERIMENT,
      trialId,
      trialDir,
      parent: sweep.ref,
      client,
      overrides: { 'stages.descriptor.optimizer.lr': lr },
      tagInput: { gitCommit: '0123456789abcdef', specHash: 'spec-abc', backend: 'cpu' },
    });
    t.logParams({
      seed: 1234,
      stages: {
        denoiser: { epochs: EPOCHS, batch_size: 50 },
        descriptor: { optimizer: { type: 'sgd', lr }, epochs: EPOCHS },
      },
      params: { denoiser: 47_000, descriptor: 1_300_000 },
    });
    const losses: number[] = [];
    for (let e = 0; e < EPOCHS; e++) {
      const speed = 1 + i * 0.6;
      const loss = 0.9 * Math.exp(-e / (2 * speed)) + 0.05 * (i + 1);
      losses.push(loss);
      t.logMetrics({ train_loss: loss, val_loss: loss * 1.1 }, { step: e, prefix: 'denoiser' });
      t.logMetrics({ train_loss: loss * 2, val_loss: loss * 2.3 }, { step: e, prefix: 'descriptor' });
      await t.flush();
    }
    const map = { verification: 0.85 - 0.05 * i, matching: 0.42 - 0.04 * i, retrieval: 0.6 - 0.05 * i };
    t.logMetrics(
      {
        'mAP/verification': map.verification,
        'mAP/matching': map.matching,
        'mAP/retrieval': map.retrieval,
        'mAP/matching_easy': map.matching + 0.1,
        'mAP/matching_hard': map.matching - 0.1,
      },
      { step: EPOCHS - 1 },
    );
    best.push([map.matching, i]);
    const spec = join(trialDir, 'resolved-spec.yaml');
    writeFileSync(
      spec,
      `name: ${EXPERIMENT}\nstages:\n  descriptor:\n    optimizer: {type: sgd, lr: ${lr}}\n`,
    );
    const curve = join(trialDir, 'learning-curve.png');
    curvePng(losses, curve);
    const table = join(trialDir, 'evaluation.csv');
    writeFileSync(
      table,
      `task,mAP\n${Object.entries(map)
        .map(([k, v]) => `${k},${v.toFixed(3)}`)
        .join('\n')}\n`,
    );
    const model = join(trialDir, 'models', 'descriptor');
    mkdirSync(model, { recursive: true });
    writeFileSync(join(model, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: {} }));
    writeFileSync(join(model, 'weights.bin'), Buffer.alloc(64));
    t.logArtifact(spec);
    t.logArtifact(curve, 'plots');
    t.logArtifact(table, 'evaluation');
    t.logArtifact(model, 'models');
    await t.end('FINISHED');
  }
  const [bestMap, bestI] = best.sort((a, b) => b[0] - a[0])[0];
  sweep.logMetrics({ 'best/mAP_matching': bestMap }, { step: 0 });
  sweep.setTags({ 'trellis.best_trial': `trial-${bestI}` });
  const summary = join(dir, 'summary.csv');
  writeFileSync(
    summary,
    `trial,lr,mAP_matching\n${LRS.map((lr, i) => `trial-${i},${lr},${(0.42 - 0.04 * i).toFixed(2)}`).join('\n')}\n`,
  );
  sweep.logArtifact(summary);
  await sweep.end('FINISHED');
}

let server: MlflowTestServer | undefined;
let browser: Browser | undefined;
const whyNot = ensureChromium();

describe('MLflow UI', { skip: whyNot ? `skipped: ${whyNot}` : false }, () => {
  before(async () => {
    server = await startMlflowServer();
    await logSweep(server.uri, mkdtempSync(join(tmpdir(), 'ui-sweep-')));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the sweep as one parent with its 4 trials nested, and their learning curves in a chart', async () => {
    const client = new MlflowClient({ connection: { baseUrl: server!.uri } });
    const exp = (await client.getExperimentByName(EXPERIMENT))!;
    const trial = (
      await client.searchRuns({
        experimentIds: [exp.experiment_id],
        filter: "attributes.run_name = 'lr=0.1'",
      })
    )[0];
    const trialRunId = trial.info.run_id;
    assert.ok(
      (trial.data.params ?? []).some((p) => p.key === 'stages.descriptor.optimizer.lr' && p.value === '0.1'),
    );
    assert.ok((trial.data.metrics ?? []).some((m) => m.key === 'mAP/matching'));
    mkdirSync(SHOTS, { recursive: true });
    // A fresh profile per launch (playwright's default context): no state from earlier runs.
    const context = await browser!.newContext({ viewport: { width: 1600, height: 1100 } });
    const page = await context.newPage();
    await page.goto(`${server!.uri}/#/experiments/${exp.experiment_id}/runs?workflowType=machine_learning`);
    const parentLink = page.getByRole('link', { name: 'sweep descriptor lr' });
    await parentLink.waitFor({ timeout: 60_000 });
    const close = page.locator('button[data-component-id="mlflow.assistant.chat_panel.close"]');
    if (await close.isVisible()) await close.click();

    // Before expanding, the trials are hidden under the parent.
    assert.equal(await page.getByRole('link', { name: 'lr=0.1', exact: true }).count(), 0);
    await page.locator('button[data-component-id*="runnamecellrenderer"]').first().click();
    for (const lr of LRS)
      await page.getByRole('link', { name: `lr=${lr}`, exact: true }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(SHOTS, 'mlflow-runs-nested.png') });

    // Chart view: with the trials visible, the denoiser section draws one line per trial.
    await page.goto(
      `${server!.uri}/#/experiments/${exp.experiment_id}/runs?workflowType=machine_learning&compareRunsMode=CHART`,
    );
    const chartTitle = page.getByText('denoiser/train_loss', { exact: true }).first();
    await chartTitle.waitFor({ timeout: 30_000 });
    for (const lr of LRS)
      assert.ok(await page.getByRole('link', { name: `lr=${lr}`, exact: true }).isVisible());
    await chartTitle.scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500); // let the charts finish drawing
    await page.screenshot({ path: join(SHOTS, 'mlflow-sweep-chart.png') });

    // A trial's page lists its artifacts: spec, plots, evaluation table, models.
    await page.goto(
      `${server!.uri}/#/experiments/${exp.experiment_id}/runs/${trialRunId}/artifacts?workflowType=machine_learning`,
    );
    for (const name of ['resolved-spec.yaml', 'plots', 'evaluation', 'models']) {
      await page.getByText(name, { exact: true }).first().waitFor({ timeout: 30_000 });
    }
    await page.getByText('plots', { exact: true }).first().click();
    await page.getByText('learning-curve.png', { exact: true }).first().click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(SHOTS, 'mlflow-trial-artifacts.png') });
    await context.close();
  });
});
