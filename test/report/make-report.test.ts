import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { main } from '../../src/cli/main.js';
import { makeReport } from '../../src/report/make-report.js';
import { readEvents } from '../../src/tracking/event-log.js';
import { openSweepRun } from '../../src/tracking/open-run.js';
import { renderLearningCurves } from '../../src/report/plot/learning-curves.js';
import { BASELINE_SCORES, IMPROVED_SCORES, writeTrial } from './trial-fixtures.js';

async function trellis(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('trellis report', () => {
  let cwd: string;
  let artifacts: string;
  before(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'report-cli-'));
    artifacts = join(cwd, 'artifacts');
    const examples = renderLearningCurves({ s: { history: [{ epoch: 1, loss: 1, lr: 0.1 }] } });
    await writeTrial({
      sweepDir: join(artifacts, 'nh-baseline', 'sweep-1'),
      trialId: 'b0',
      scores: BASELINE_SCORES,
      denoisingPng: examples,
    });
    await writeTrial({
      sweepDir: join(artifacts, 'nh-improved', 'sweep-1'),
      trialId: 'i0',
      scores: IMPROVED_SCORES,
    });
    for (const [i, lr] of [0.1, 0.01].entries()) {
      await writeTrial({
        sweepDir: join(artifacts, 'nh-sweep', 'sw'),
        trialId: `t${i}`,
        overrides: { 'stages.descriptor.optimizer.lr': lr },
        scores: BASELINE_SCORES,
      });
    }
  });
  after(async () => rm(cwd, { recursive: true }));

  it('compares two experiments against a baseline and writes the same Markdown and HTML when rerun', async () => {
    const first = await trellis(cwd, 'report', 'nh-baseline', 'nh-improved', '--baseline', 'b0');
    assert.equal(first.code, 0, first.err);
    const outDir = join(artifacts, 'reports', 'nh-baseline+nh-improved');
    assert.match(
      first.out,
      /report of 2 trial\(s\) \(2 with results\): artifacts\/reports\/nh-baseline\+nh-improved\/report\.md/,
    );
    const md = await readFile(join(outDir, 'report.md'), 'utf8');
    const html = await readFile(join(outDir, 'report.html'), 'utf8');
    assert.match(md, /^# Report: nh-baseline vs nh-improved\n/);
    assert.match(md, /\| nh-improved\/i0 \| \+13\.8 % \| \+34\.3 % \| \+21\.4 % \|/);
    assert.match(md, /Regenerate with `trellis report nh-baseline nh-improved --baseline b0`/);
    assert.deepEqual((await readdir(join(outDir, 'figures'))).sort(), [
      'denoising-nh-baseline_b0.png',
      'learning-curves-nh-baseline_b0.png',
      'learning-curves-nh-improved_i0.png',
    ]);
    assert.match(md, /!\[[^\]]*\]\(figures\/learning-curves-nh-improved_i0\.png\)/);
    await trellis(cwd, 'report', 'nh-baseline', 'nh-improved', '--baseline', 'b0');
    assert.equal(await readFile(join(outDir, 'report.md'), 'utf8'), md);
    assert.equal(await readFile(join(outDir, 'report.html'), 'utf8'), html);
  });

  it('writes HTML that fetches nothing: styles inline and every figure a PNG data: URI', async () => {
    const out = join(cwd, 'out-html');
    assert.equal((await trellis(cwd, 'report', 'nh-sweep', '--out', 'out-html')).code, 0);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    assert.doesNotMatch(html, /<link\b|<script\b|@import|url\(/i);
    const srcs = [...html.matchAll(/<img [^>]*src="([^"]*)"/g)].map((m) => m[1]);
    // Two learning-curve figures and the sweep's metric-vs-parameter figure.
    assert.equal(srcs.length, 3);
    for (const src of srcs) {
      assert.match(src, /^data:image\/png;base64,/);
      const png = PNG.sync.read(Buffer.from(src.slice('data:image/png;base64,'.length), 'base64'));
      assert.ok(png.width > 0 && png.height > 0);
    }
    assert.match(html, /<h3>nh-sweep\/sw<\/h3>\n<table>/);
  });

  it('accepts as baseline an experiment with a single finished trial, and refuses one with several', async () => {
    const ok = await trellis(cwd, 'report', 'nh-improved', '--baseline', 'nh-baseline', '--out', 'out-b');
    assert.equal(ok.code, 0, ok.err);
    const md = await readFile(join(cwd, 'out-b', 'report.md'), 'utf8');
    assert.match(md, /\| nh-baseline\/b0 \| 0\.6500 \|/, 'the baseline joins the report');
    const bad = await trellis(cwd, 'report', 'nh-improved', '--baseline', 'nh-sweep', '--out', 'out-c');
    assert.equal(bad.code, 1);
    assert.match(
      bad.err,
      /^trellis report: --baseline nh-sweep: needs exactly one finished trial, found 2 \(t0, t1\); give one trial id or trial folder\n$/,
    );
  });

  it('fails on an unknown experiment name with the known names and a suggestion', async () => {
    const r = await trellis(cwd, 'report', 'nh-improvd');
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /^trellis report: no experiment, sweep or trial "nh-improvd" under .*; experiments there: nh-baseline, nh-improved, nh-sweep; did you mean "nh-improved"\?/,
    );
  });

  it('logs report.md and report.html to the ended sweep run and ends it again with its status', async () => {
    const sweepDir = join(artifacts, 'nh-sweep', 'sw');
    const run = openSweepRun({ experiment: 'nh-sweep', sweepId: 'nh-sweep/sw', sweepDir, client: null });
    await run.end('FAILED');
    const made = await makeReport({
      targets: ['nh-sweep'],
      cwd,
      artifacts,
      mlflow: true,
      client: null,
      out: join(cwd, 'out-m'),
    });
    assert.deepEqual(
      made.mlflow.map((m) => m.result),
      [{ logged: true, trackingId: 'nh-sweep/sw' }],
    );
    const events = readEvents(join(sweepDir, 'tracking'));
    const artifactsLogged = events.flatMap((e) => (e.type === 'artifact' ? [e.artifactPath] : []));
    assert.deepEqual(artifactsLogged, ['report/report.md', 'report/report.html']);
    const last = events[events.length - 1];
    assert.equal(last.type === 'end' && last.status, 'FAILED');
    assert.equal(events.filter((e) => e.type === 'open').length, 1, 'the same run, not a new one');
  });

  it('does not write into the log of a sweep run that is still open', async () => {
    const sweepDir = join(artifacts, 'nh-improved', 'sweep-1');
    openSweepRun({ experiment: 'nh-improved', sweepId: 'nh-improved/sweep-1', sweepDir, client: null }); // never ended
    const before = readEvents(join(sweepDir, 'tracking')).length;
    const made = await makeReport({
      targets: ['nh-improved'],
      cwd,
      artifacts,
      mlflow: true,
      client: null,
      out: join(cwd, 'out-o'),
    });
    const [{ result }] = made.mlflow;
    assert.equal(result.logged, false);
    assert.match(!result.logged ? result.reason : '', /the sweep run nh-improved\/sweep-1 is still open/);
    assert.equal(readEvents(join(sweepDir, 'tracking')).length, before);
  });
});
