/**
 * What a real `trellis run` puts in a real MLflow server: a 4-trial tiny sweep (the CLI in this process,
 * trials in their own processes inheriting MLFLOW_TRACKING_URI) shows as one parent run with 4 nested
 * runs carrying params, per-epoch metrics, mAP metrics, tags and artifacts; `trellis sync` afterwards
 * adds nothing; and a server outage in the middle of a sweep loses no metric once synced.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { startMlflowServer, type MlflowTestServer } from './harness/mlflow-server.js';
import { MlflowClient, type Run } from '../../src/tracking/mlflow-client.js';
import { packageRoot } from '../../src/io/package-root.js';
import { runCli } from '../cli/cli-io.js';

const root = packageRoot();
const spec = (name: string) => join(root, 'test', 'fixtures', 'specs', `${name}.yaml`);
const saved = { artifacts: process.env.TRELLIS_ARTIFACTS, mlflow: process.env.MLFLOW_TRACKING_URI };
let server: MlflowTestServer;
let client: MlflowClient;
let artifacts: string;

before(async () => {
  server = await startMlflowServer();
  client = new MlflowClient({ connection: { baseUrl: server.uri } });
  artifacts = mkdtempSync(join(tmpdir(), 'trellis-run-mlflow-'));
  // Trial processes inherit both from this process's environment.
  process.env.TRELLIS_ARTIFACTS = artifacts;
  process.env.MLFLOW_TRACKING_URI = server.uri;
});
after(async () => {
  for (const [key, value] of [['TRELLIS_ARTIFACTS', saved.artifacts], ['MLFLOW_TRACKING_URI', saved.mlflow]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await server?.stop();
  if (artifacts) rmSync(artifacts, { recursive: true, force: true });
});

interface Results {
  trialId: string;
  metrics: Record<string, number>;
  stages: Record<string, { history: { epoch: number; loss: number; valLoss?: number }[] }>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const tag = (run: Run, key: string) => run.data.tags?.find((t) => t.key === key)?.value;
const param = (run: Run, key: string) => run.data.params?.find((p) => p.key === key)?.value;
const metric = (run: Run, key: string) => run.data.metrics?.find((m) => m.key === key)?.value;

async function runsOf(experiment: string): Promise<Run[]> {
  const exp = await client.getExperimentByName(experiment);
  assert.ok(exp, `experiment "${experiment}" is not on the server`);
  return client.searchRuns({ experimentIds: [exp.experiment_id], viewType: 'ALL' });
}

/** The sweep's parent (no parent of its own) and its nested runs. */
async function sweepRuns(experiment: string): Promise<{ parent: Run; children: Run[]; all: Run[] }> {
  const all = await runsOf(experiment);
  const parents = all.filter((r) => tag(r, 'mlflow.parentRunId') === undefined);
  assert.equal(parents.length, 1, `parents: ${parents.map((r) => r.info.run_name).join(', ')}`);
  const children = all.filter((r) => tag(r, 'mlflow.parentRunId') === parents[0].info.run_id);
  return { parent: parents[0], children, all };
}

/** Every trial's results.json in a sweep folder, by trial id. */
function trialResults(sweepDir: string): Map<string, Results> {
  const dir = join(sweepDir, 'trials');
  return new Map(readdirSync(dir).map((id) => [id, readJson<Results>(join(dir, id, 'results.json'))]));
}

/** Every run's metric histories as sorted "step:value" lists, and its artifact listing: what sync must not change. */
async function snapshot(experiment: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const run of await runsOf(experiment)) {
    const id = `${run.info.run_name} ${run.info.run_id}`;
    out[`${id} status`] = run.info.status;
    out[`${id} params`] = run.data.params?.length;
    out[`${id} artifacts`] = (await client.listArtifacts(run.info.run_id)).map((f) => f.path).sort();
    for (const m of run.data.metrics ?? []) {
      out[`${id} ${m.key}`] = (await client.getMetricHistory(run.info.run_id, m.key)).map((h) => `${h.step}:${h.value}`).sort();
    }
  }
  return out;
}

/** Asserts that a child run holds every per-epoch loss and every final metric its trial wrote locally. */
async function assertNothingMissing(child: Run, r: Results): Promise<void> {
  for (const [stage, { history }] of Object.entries(r.stages)) {
    const train = await client.getMetricHistory(child.info.run_id, `${stage}/train_loss`);
    assert.deepEqual(
      train.map((m) => [m.step, m.value]).sort((a, b) => a[0] - b[0]),
      history.map((h) => [h.epoch, h.loss]),
      `${child.info.run_name}: ${stage}/train_loss`,
    );
    const val = await client.getMetricHistory(child.info.run_id, `${stage}/val_loss`);
    assert.deepEqual(val.map((m) => m.step).sort((a, b) => a - b), history.map((h) => h.epoch), `${child.info.run_name}: ${stage}/val_loss`);
    for (const key of ['lr', 'epoch_seconds', 'samples_per_second']) {
      assert.equal((await client.getMetricHistory(child.info.run_id, `${stage}/${key}`)).length, history.length, `${stage}/${key}`);
    }
  }
  for (const [key, value] of Object.entries(r.metrics)) {
    assert.equal(metric(child, key), value, `${child.info.run_name}: ${key}`);
  }
}

async function listTree(runId: string, path = ''): Promise<string[]> {
  const out: string[] = [];
  for (const f of await client.listArtifacts(runId, path)) {
    if (f.is_dir) out.push(...(await listTree(runId, f.path)));
    else out.push(f.path);
  }
  return out;
}

describe('trellis run with a real MLflow server', () => {
  const sweepDir = () => join(artifacts, 'tiny-mlflow-sweep', 'mlflow');

  it('shows a 4-trial sweep as one parent with 4 nested runs carrying params, metrics, tags and artifacts', async () => {
    const r = await runCli(['run', spec('tiny-mlflow-sweep'), '--sweep', 'mlflow'], root);
    assert.equal(r.code, 0, `trellis run exited ${r.code}\n--- stdout\n${r.out}\n--- stderr\n${r.err}`);
    assert.doesNotMatch(r.err, /tracking:/, 'no tracking warning');
    const results = trialResults(sweepDir());
    const { parent, children, all } = await sweepRuns('tiny-mlflow-sweep');
    assert.equal(all.length, 5);
    assert.equal(children.length, 4);
    assert.deepEqual(
      children.map((c) => c.info.run_name).sort(),
      ['lr=0.001 batch_size=16', 'lr=0.001 batch_size=32', 'lr=5e-4 batch_size=16', 'lr=5e-4 batch_size=32'],
    );
    const version = readJson<{ version: string }>(join(root, 'package.json')).version;
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root }).toString().trim();
    for (const run of all) assert.equal(run.info.status, 'FINISHED', `${run.info.run_name}`);

    for (const child of children) {
      const name = child.info.run_name!;
      const trialId = tag(child, 'trellis.trial_id');
      assert.ok(trialId && results.has(trialId), `${name}: trial id tag ${trialId}`);
      const local = results.get(trialId)!;
      // Tags.
      assert.match(tag(child, 'trellis.spec_hash') ?? '', /^[0-9a-f]{16}$/, `${name}: spec hash`);
      assert.equal(tag(child, 'trellis.backend'), 'wasm');
      assert.equal(tag(child, 'mlflow.source.git.commit'), commit);
      assert.equal(tag(child, 'mlflow.source.name'), 'trellis');
      assert.equal(tag(child, 'mlflow.source.type'), 'LOCAL');
      assert.equal(tag(child, 'trellis.version'), version);
      // Params: the flattened resolved config, the swept values as the trial saw them, parameter counts.
      const [lr, batch] = name.match(/lr=(\S+) batch_size=(\d+)/)!.slice(1);
      assert.equal(Number(param(child, 'stages.descriptor.optimizer.lr')), Number(lr));
      assert.equal(param(child, 'stages.descriptor.batch_size'), batch);
      assert.equal(param(child, 'stages.denoiser.optimizer.type'), 'adam');
      assert.equal(param(child, 'seed'), '1');
      assert.equal(param(child, 'trial.backend'), 'wasm');
      assert.equal(param(child, 'models.descriptor.layers.0.filters'), '8');
      // (3·3·1·4 + 4) + (3·3·4·1 + 1) weights in the denoiser.
      assert.equal(param(child, 'params/denoiser/trainable'), '77');
      // Per-epoch metrics with step = epoch, prefixed by stage, and the final mAP numbers, as written locally.
      await assertNothingMissing(child, local);
      for (const key of ['eval/verification_map', 'eval/matching_map', 'eval/retrieval_map']) {
        assert.ok(Number.isFinite(metric(child, key)), `${name}: ${key}`);
      }
      // Artifacts: resolved spec, both models, evaluation tables, figures (denoising examples, learning curves).
      const files = await listTree(child.info.run_id);
      for (const f of [
        'spec.resolved.yaml',
        'models/denoiser/model/model.json',
        'models/descriptor/model/model.json',
        'evaluation/results.md',
        'evaluation/results.csv',
        'evaluation/results.json',
        'figures/denoising-examples.png',
        'figures/learning-curves.png',
      ]) {
        assert.ok(files.includes(f), `${name}: artifact ${f} missing from ${files.join(', ')}`);
      }
    }

    // The parent: the sweep's best trial (by verification mAP first) and the summary table.
    const best = [...results.values()].sort(
      (a, b) => b.metrics['eval/verification_map'] - a.metrics['eval/verification_map'] || b.metrics['eval/matching_map'] - a.metrics['eval/matching_map'],
    )[0];
    assert.equal(tag(parent, 'trellis.best_trial'), best.trialId);
    assert.equal(metric(parent, 'best/eval/verification_map'), best.metrics['eval/verification_map']);
    assert.equal(metric(parent, 'best/eval/matching_map'), best.metrics['eval/matching_map']);
    assert.equal(metric(parent, 'trials_completed'), 4);
    assert.equal(parent.info.run_name, 'mlflow');
    assert.equal(param(parent, 'trials'), '4');
    assert.equal(param(parent, 'runner'), 'local');
    assert.equal(tag(parent, 'mlflow.source.git.commit'), commit);
    const summary = (await client.downloadArtifact(parent.info.artifact_uri!, 'summary.md')).toString('utf8');
    for (const id of results.keys()) assert.match(summary, new RegExp(`${id} .* completed`));
  });

  it('adds no run and no metric point when the same command runs again on the finished sweep', async () => {
    const before = await snapshot('tiny-mlflow-sweep');
    const r = await runCli(['run', spec('tiny-mlflow-sweep'), '--sweep', 'mlflow'], root);
    assert.equal(r.code, 0, `trellis run exited ${r.code}\n${r.out}\n${r.err}`);
    assert.deepEqual(await snapshot('tiny-mlflow-sweep'), before);
  });

  it('creates nothing new when trellis sync runs twice after a sweep that reached the server', async () => {
    const before = await snapshot('tiny-mlflow-sweep');
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['sync', artifacts], root);
      assert.equal(r.code, 0, `trellis sync exited ${r.code}\n${r.out}\n${r.err}`);
      assert.match(r.out, /synced (\d+) of \1 runs/);
      assert.doesNotMatch(r.out, /\(created\)/);
    }
    assert.deepEqual(await snapshot('tiny-mlflow-sweep'), before);
  });

  it('marks the run of a trial whose loss overflowed FAILED, and its sweep FAILED, with the other trial FINISHED', async () => {
    const r = await runCli(['run', spec('tiny-nan'), '--sweep', 'nan'], root);
    assert.equal(r.code, 1, `trellis run exited ${r.code}\n${r.out}\n${r.err}`);
    const { parent, children } = await sweepRuns('tiny-nan');
    assert.equal(parent.info.status, 'FAILED');
    assert.deepEqual(
      children.map((c) => [c.info.run_name, c.info.status]).sort(),
      [['lr=0.001', 'FINISHED'], ['lr=1e+30', 'FAILED']],
    );
    const failed = children.find((c) => c.info.status === 'FAILED')!;
    // It never reached evaluation: no mAP.
    assert.equal(metric(failed, 'eval/matching_map'), undefined);
    assert.equal(metric(parent, 'trials_failed'), 1);
  });

  it('continues an interrupted trial in its own MLflow run, with every epoch logged once', async () => {
    const dir = join(artifacts, 'tiny-interrupt', 'interrupt');
    const log = () => {
      const trials = join(dir, 'trials');
      const id = existsSync(trials) ? readdirSync(trials)[0] : undefined;
      const file = id && join(trials, id, 'stdout.log');
      return file && existsSync(file) ? readFileSync(file, 'utf8') : '';
    };
    // A separate orchestrator process, so that Ctrl-C (SIGINT) reaches it as from a terminal.
    const orchestrator = execa(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'bin.ts'), 'run', spec('tiny-interrupt'), '--sweep', 'interrupt'], {
      cwd: root,
      reject: false,
    });
    while (!/denoiser: epoch 3\/15/.test(log()) && orchestrator.exitCode === null) await sleep(100);
    orchestrator.kill('SIGINT');
    const first = await orchestrator;
    assert.equal(first.exitCode, 130, `${first.stdout}\n${first.stderr}`);
    const interrupted = await sweepRuns('tiny-interrupt');
    assert.deepEqual(interrupted.children.map((c) => c.info.status), ['KILLED']);

    const r = await runCli(['run', spec('tiny-interrupt'), '--sweep', 'interrupt'], root);
    assert.equal(r.code, 0, `trellis run exited ${r.code}\n${r.out}\n${r.err}`);
    assert.match(log(), /===== trellis attempt 2 /);
    const { parent, children, all } = await sweepRuns('tiny-interrupt');
    assert.equal(all.length, 2);
    assert.equal(parent.info.run_id, interrupted.parent.info.run_id);
    assert.equal(children[0].info.run_id, interrupted.children[0].info.run_id);
    assert.equal(children[0].info.status, 'FINISHED');
    const [local] = trialResults(dir).values();
    assert.deepEqual(local.stages.denoiser.history.map((h) => h.epoch), Array.from({ length: 15 }, (_, i) => i + 1));
    await assertNothingMissing(children[0], local);
  });

  it('loses no metric when the server stops in the middle of a sweep and trellis sync runs after it is back', async () => {
    const dir = join(artifacts, 'tiny-lr-grid', 'outage');
    let settled = false;
    const running = runCli(['run', spec('tiny-lr-grid'), '--sweep', 'outage', '--workers', '1'], root).finally(() => (settled = true));
    // Stop the server once the first trial has logged an epoch; bring it back after another trial ended.
    const ended = () =>
      existsSync(join(dir, 'events.jsonl'))
        ? readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n').filter((l) => /"kind":"(completed|failed)"/.test(l)).length
        : 0;
    const firstEpochLogged = () =>
      existsSync(join(dir, 'trials')) &&
      readdirSync(join(dir, 'trials')).some((id) => {
        const log = join(dir, 'trials', id, 'stdout.log');
        return existsSync(log) && /denoiser: epoch 1\/2/.test(readFileSync(log, 'utf8'));
      });
    while (!firstEpochLogged() && !settled) await sleep(200);
    await server.stop({ remove: false });
    while (ended() < 2 && !settled) await sleep(200);
    await server.restart();
    const r = await running;
    assert.equal(r.code, 0, `trellis run exited ${r.code}\n--- stdout\n${r.out}\n--- stderr\n${r.err}`);

    // The outage was real: trials noticed it, and sync had something left to upload.
    const trialLogs = readdirSync(join(dir, 'trials')).map((id) => readFileSync(join(dir, 'trials', id, 'stdout.log'), 'utf8'));
    assert.ok(trialLogs.some((l) => /tracking: /.test(l)), 'no trial reported the server missing');
    const sync = await runCli(['sync', artifacts], root);
    assert.equal(sync.code, 0, `trellis sync exited ${sync.code}\n${sync.out}\n${sync.err}`);
    assert.match(sync.out, /[1-9]\d* events uploaded/);
    const results = trialResults(dir);
    const { children, all } = await sweepRuns('tiny-lr-grid');
    assert.equal(children.length, 3);
    for (const run of all) assert.equal(run.info.status, 'FINISHED', `${run.info.run_name}`);
    for (const child of children) await assertNothingMissing(child, results.get(tag(child, 'trellis.trial_id')!)!);
  });
});
