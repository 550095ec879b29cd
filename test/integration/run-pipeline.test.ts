/**
 * `trellis run` end to end on the real pipeline: the CLI in this process, each trial in its own
 * `trellis trial` process (as in production), tiny specs from test/fixtures/specs/ on wasm. One
 * TRELLIS_ARTIFACTS folder for the whole file, so the generated dataset is made once and reused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/io/package-root.js';
import { runCli } from '../cli/cli-io.js';

const root = packageRoot();
const spec = (name: string) => join(root, 'test', 'fixtures', 'specs', `${name}.yaml`);
const saved = { artifacts: process.env.TRELLIS_ARTIFACTS, mlflow: process.env.MLFLOW_TRACKING_URI };
let artifacts: string;

before(() => {
  artifacts = mkdtempSync(join(tmpdir(), 'trellis-run-pipeline-'));
  process.env.TRELLIS_ARTIFACTS = artifacts;
  // Offline tracking only: these tests are about the pipeline, run-mlflow.test.ts about the server.
  delete process.env.MLFLOW_TRACKING_URI;
});
after(() => {
  for (const [key, value] of [['TRELLIS_ARTIFACTS', saved.artifacts], ['MLFLOW_TRACKING_URI', saved.mlflow]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(artifacts, { recursive: true, force: true });
});

interface Results {
  trialId: string;
  overrides: Record<string, unknown>;
  backend: string;
  metrics: Record<string, number>;
  stages: Record<string, { key: string; cached: boolean; history: { epoch: number; loss: number; valLoss?: number }[] }>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const sweepDir = (experiment: string, sweep: string) => join(artifacts, experiment, sweep);
const trialDirs = (dir: string) => readdirSync(join(dir, 'trials')).map((id) => join(dir, 'trials', id));
const results = (dir: string) => trialDirs(dir).map((t) => readJson<Results>(join(t, 'results.json')));
const events = (dir: string) =>
  readFileSync(join(dir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { kind: string; trialId?: string; reason?: string });
/** The metrics that must reproduce: everything but wall-clock times. */
const reproducible = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([k]) => !k.startsWith('time/')));
const losses = (r: Results) =>
  Object.fromEntries(Object.entries(r.stages).map(([name, s]) => [name, s.history.map((h) => [h.loss, h.valLoss])]));

/** Runs `trellis run` in this process; the message carries the output when the exit code is wrong. */
async function run(args: string[], expectedCode: number): Promise<{ out: string; err: string }> {
  const r = await runCli(['run', ...args], root);
  assert.equal(r.code, expectedCode, `trellis run ${args.join(' ')} exited ${r.code}\n--- stdout\n${r.out}\n--- stderr\n${r.err}`);
  return r;
}

describe('trellis run on the real pipeline', () => {
  it('runs a single-trial spec end to end: results, status, logs and the denoising figure', async () => {
    const { out } = await run([spec('tiny'), '--sweep', 'first'], 0);
    assert.ok(out.startsWith(`trellis: tiny-run: 1 trial(s), local runner, sweep folder ${sweepDir('tiny-run', 'first')}\n`), out);
    const [trial] = trialDirs(sweepDir('tiny-run', 'first'));
    const r = readJson<Results>(join(trial, 'results.json'));
    for (const key of ['eval/verification_map', 'eval/matching_map', 'eval/retrieval_map']) {
      assert.ok(Number.isFinite(r.metrics[key]) && r.metrics[key] >= 0 && r.metrics[key] <= 1, `${key} = ${r.metrics[key]}`);
    }
    assert.equal(r.backend, 'wasm');
    assert.deepEqual(Object.keys(r.stages), ['denoiser', 'descriptor']);
    assert.equal(r.stages.denoiser.history.length, 2);
    const status = readJson<{ state: string; metrics: Record<string, number> }>(join(trial, 'status.json'));
    assert.equal(status.state, 'completed');
    assert.equal(status.metrics['eval/matching_map'], r.metrics['eval/matching_map']);
    assert.match(readFileSync(join(trial, 'stdout.log'), 'utf8'), /backend: wasm \(requested/);
    for (const f of ['denoising-examples.png', 'learning-curves.png', 'results.md', 'results.csv', 'spec.resolved.yaml']) assert.ok(existsSync(join(trial, f)), f);
    assert.match(readFileSync(join(sweepDir('tiny-run', 'first'), 'summary.md'), 'utf8'), /completed/);
    // Not a terminal: plain timestamped progress lines, one per epoch end, then the summary table.
    assert.match(out, new RegExp(`^\\S+Z progress  ${r.trialId} denoiser epoch 2/2 loss \\d`, 'm'));
    assert.match(out, new RegExp(`^\\S+Z completed ${r.trialId} \\[1/1\\] verification mAP 0\\.\\d{4}, matching mAP`, 'm'));
    // The summary table on stdout shows the headline numbers.
    assert.match(out, new RegExp(`${r.trialId} +${r.metrics['eval/verification_map'].toFixed(4)} +${r.metrics['eval/matching_map'].toFixed(4)}`));
  });

  it('gives identical metrics and losses when the same spec runs again without the stage cache', async () => {
    await run([spec('tiny'), '--sweep', 'again', '--no-stage-cache'], 0);
    const [first] = results(sweepDir('tiny-run', 'first'));
    const [again] = results(sweepDir('tiny-run', 'again'));
    // Trained anew in its own folder, not taken from the cache.
    assert.equal(again.stages.denoiser.cached, false);
    assert.equal(again.stages.descriptor.cached, false);
    assert.ok(existsSync(join(trialDirs(sweepDir('tiny-run', 'again'))[0], 'stages')));
    assert.deepEqual(losses(again), losses(first));
    assert.deepEqual(reproducible(again.metrics), reproducible(first.metrics));
  });

  it('trains the shared denoiser of a descriptor lr grid once, and each descriptor once', async () => {
    await run([spec('tiny-lr-grid'), '--sweep', 'grid'], 0);
    const all = results(sweepDir('tiny-lr-grid', 'grid'));
    assert.equal(all.length, 3);
    assert.deepEqual(all.map((r) => r.overrides['stages.descriptor.optimizer.lr']).sort(), [2e-4, 5e-4, 1e-3]);
    assert.equal(all.filter((r) => !r.stages.denoiser.cached).length, 1, 'exactly one trial trained the denoiser');
    assert.equal(new Set(all.map((r) => r.stages.denoiser.key)).size, 1);
    assert.ok(all.every((r) => !r.stages.descriptor.cached));
    assert.equal(new Set(all.map((r) => r.stages.descriptor.key)).size, 3);
    // A cached stage brings its history: the same denoiser losses in every trial.
    assert.equal(new Set(all.map((r) => JSON.stringify(losses(r).denoiser))).size, 1);
  });

  it('skips every completed trial when the same command runs again', async () => {
    const dir = sweepDir('tiny-lr-grid', 'grid');
    const before = events(dir);
    const written = trialDirs(dir).map((t) => readFileSync(join(t, 'results.json'), 'utf8'));
    const { out } = await run([spec('tiny-lr-grid'), '--sweep', 'grid'], 0);
    const added = events(dir).slice(before.length);
    assert.deepEqual(added.map((e) => e.kind), ['sweep'], 'nothing was relaunched');
    assert.doesNotMatch(out, /^\S+Z (started|completed) /m, 'no progress line: no trial ran');
    assert.equal(out.match(/ completed /g)?.length, 3, 'the summary lists the three completed trials');
    assert.deepEqual(trialDirs(dir).map((t) => readFileSync(join(t, 'results.json'), 'utf8')), written);
  });

  it('records a trial whose loss overflows as failed at its stage and epoch, completes the other, exits 1', async () => {
    const dir = sweepDir('tiny-nan', 'nan');
    const { out } = await run([spec('tiny-nan'), '--sweep', 'nan'], 1);
    const ends = events(dir).filter((e) => e.kind === 'completed' || e.kind === 'failed');
    assert.equal(ends.length, 2);
    const failed = ends.find((e) => e.kind === 'failed');
    assert.ok(failed, `no failed trial in ${JSON.stringify(ends)}`);
    assert.match(failed.reason ?? '', /stage "denoiser", epoch 1, (step \d+|validation): loss is (NaN|infinite) — lower the learning rate \(stages\.denoiser\.optimizer\.lr, 1e\+30/);
    const status = readJson<{ state: string; reason: string }>(join(dir, 'trials', failed.trialId!, 'status.json'));
    assert.equal(status.state, 'failed');
    assert.match(status.reason, /stage "denoiser", epoch 1/);
    const ok = readJson<Results>(join(dir, 'trials', ends.find((e) => e.kind === 'completed')!.trialId!, 'results.json'));
    assert.equal(ok.overrides['stages.denoiser.optimizer.lr'], 1e-3);
    assert.ok(Number.isFinite(ok.metrics['eval/matching_map']));
    assert.match(out, /failed: stage "denoiser", epoch 1/);
    const shown = await runCli(['status', dir], root);
    assert.match(shown.out, new RegExp(`${failed.trialId} +failed .*stage "denoiser", epoch 1`));
    assert.match(shown.out, /2 trials: 1 completed, 1 failed/);
  });

  it('leaves a failed trial alone when the command runs again, and reruns only it with --retry-failed', async () => {
    const dir = sweepDir('tiny-nan', 'nan');
    const launches = () => events(dir).filter((e) => e.kind === 'submitted').map((e) => e.trialId);
    const [failed] = events(dir).filter((e) => e.kind === 'failed').map((e) => e.trialId);
    const before = launches();
    await run([spec('tiny-nan'), '--sweep', 'nan'], 1);
    assert.deepEqual(launches(), before);
    await run([spec('tiny-nan'), '--sweep', 'nan', '--retry-failed'], 1);
    assert.deepEqual(launches(), [...before, failed]);
    assert.match(readFileSync(join(dir, 'trials', failed!, 'stdout.log'), 'utf8'), /===== trellis attempt 2 /);
  });

  it('exits 2 on an invalid spec and writes nothing under TRELLIS_ARTIFACTS', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'trellis-run-invalid-'));
    process.env.TRELLIS_ARTIFACTS = empty;
    try {
      const r = await runCli(['run', spec('invalid')], root);
      assert.equal(r.code, 2);
      assert.match(r.out, /invalid\.yaml:7:5 +stages\.descriptor\.epocs +unknown key "epocs"; did you mean "epochs"\?/);
      assert.match(r.err, /invalid; nothing was run/);
      assert.deepEqual(readdirSync(empty), []);
    } finally {
      process.env.TRELLIS_ARTIFACTS = artifacts;
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
