import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import {
  openSweepRun,
  openTrialRun,
  parentRefFromEnv,
  parentRefToEnv,
  experimentName,
} from '../../src/tracking/open-run.js';
import { readEvents } from '../../src/tracking/event-log.js';
import { MlflowClient } from '../../src/tracking/mlflow-client.js';
import { trackingSettings } from '../../src/tracking/tracking-settings.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'tracker-'));

/** A port that nothing listens on. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('run tracker (offline)', () => {
  it('records params, prefixed step metrics, tags, artifacts and the end in the trial log', async () => {
    const dir = tmp();
    const sweep = openSweepRun({ experiment: 'exp', sweepId: 'sw1', sweepDir: dir, client: null });
    const trialDir = join(dir, 'trials', 't1');
    const t = openTrialRun({
      experiment: 'exp',
      trialId: 't1',
      trialDir,
      parent: sweep.ref,
      client: null,
      overrides: { 'stages.descriptor.optimizer.lr': 0.1 },
      tagInput: { gitCommit: 'abc123', specHash: 'h1', backend: 'cpu' },
    });
    t.logParams({ stages: { descriptor: { optimizer: { lr: 0.1 } } } });
    t.logMetrics({ train_loss: 0.5, val_loss: 0.6 }, { step: 0, prefix: 'denoiser', timestamp: 100 });
    const src = join(dir, 'spec.yaml');
    writeFileSync(src, 'name: x\n');
    assert.equal(t.logArtifact(src, 'spec'), true);
    await t.end('FINISHED');
    await sweep.end('FINISHED');

    const ev = readEvents(join(trialDir, 'tracking'));
    const open = ev[0];
    assert.equal(open.type, 'open');
    if (open.type !== 'open') return;
    assert.equal(open.trackingId, 'sw1/t1');
    assert.equal(open.runName, 'lr=0.1');
    assert.deepEqual(open.parent, { trackingId: 'sw1', runName: 'sw1' });
    assert.equal(open.tags['mlflow.source.git.commit'], 'abc123');
    assert.equal(open.tags['mlflow.source.type'], 'LOCAL');
    assert.equal(open.tags['trellis.trial_id'], 't1');
    assert.equal(open.tags['trellis.spec_hash'], 'h1');
    assert.equal(open.tags['trellis.backend'], 'cpu');
    assert.ok(ev.some((e) => e.type === 'params' && e.params['stages.descriptor.optimizer.lr'] === '0.1'));
    assert.ok(
      ev.some(
        (e) =>
          e.type === 'metrics' &&
          e.metrics.some((m) => m.key === 'denoiser/train_loss' && m.step === 0 && m.timestamp === 100),
      ),
    );
    const art = ev.find((e) => e.type === 'artifact');
    assert.deepEqual(art, {
      type: 'artifact',
      file: 'artifacts/spec/spec.yaml',
      artifactPath: 'spec/spec.yaml',
    });
    assert.equal(readFileSync(join(trialDir, 'tracking', 'artifacts/spec/spec.yaml'), 'utf8'), 'name: x\n');
    assert.deepEqual(ev.at(-1)!.type === 'end' && ev.at(-1), {
      type: 'end',
      at: (ev.at(-1) as { at: number }).at,
      status: 'FINISHED',
    });
  });

  it('continues the same run log when a trial is opened again, never a second one', async () => {
    const dir = tmp();
    const a = openTrialRun({ experiment: 'e', trialId: 't', trialDir: dir, client: null });
    a.endSync('KILLED');
    const b = openTrialRun({ experiment: 'e', trialId: 't', trialDir: dir, client: null });
    await b.end('FINISHED');
    const ev = readEvents(join(dir, 'tracking'));
    assert.deepEqual(ev.filter((e) => e.type === 'open').length, 1);
    assert.deepEqual(
      ev.map((e) => e.type).filter((x) => x !== 'tags'),
      ['open', 'end', 'reopen', 'end'],
    );
  });

  it('refuses a folder whose log belongs to another run, naming the file', () => {
    const dir = tmp();
    openTrialRun({ experiment: 'e', trialId: 't1', trialDir: dir, client: null }).endSync('FINISHED');
    assert.throws(
      () => openTrialRun({ experiment: 'e', trialId: 't2', trialDir: dir, client: null }),
      /events\.jsonl belongs to run t1, not t2/,
    );
  });

  it('copies folders file by file and masks secrets in text artifacts', async () => {
    const dir = tmp();
    const model = join(dir, 'model');
    mkdirSync(join(model, 'sub'), { recursive: true });
    writeFileSync(join(model, 'model.json'), '{"a":1}');
    writeFileSync(join(model, 'sub', 'w.bin'), Buffer.from([1, 2, 3]));
    writeFileSync(join(dir, 'notes.txt'), 'token=tok-abcdef-999');
    process.env.MLFLOW_TRACKING_TOKEN = 'tok-abcdef-999';
    const t = openTrialRun({ experiment: 'e', trialId: 't', trialDir: join(dir, 'trial'), client: null });
    try {
      t.logArtifact(model, 'models');
      t.logArtifact(join(dir, 'notes.txt'));
    } finally {
      delete process.env.MLFLOW_TRACKING_TOKEN;
    }
    await t.end('FINISHED');
    const ev = readEvents(join(dir, 'trial', 'tracking')).filter((e) => e.type === 'artifact');
    assert.deepEqual(
      ev.map((e) => e.type === 'artifact' && e.artifactPath),
      ['models/model/model.json', 'models/model/sub/w.bin', 'notes.txt'],
    );
    assert.equal(readFileSync(join(dir, 'trial', 'tracking', 'artifacts', 'notes.txt'), 'utf8'), 'token=***');
  });

  it('warns instead of throwing when an artifact is missing', async () => {
    const warnings: string[] = [];
    const t = openTrialRun({
      experiment: 'e',
      trialId: 't',
      trialDir: tmp(),
      client: null,
      warn: (m) => warnings.push(m),
    });
    assert.equal(t.logArtifact('/no/such/file.png'), false);
    await t.end('FINISHED');
    assert.match(warnings[0], /artifact \/no\/such\/file.png not recorded/);
  });

  it('keeps logging locally with one warning when the server is unreachable', async () => {
    const dir = tmp();
    const warnings: string[] = [];
    const client = new MlflowClient({
      connection: { baseUrl: `http://127.0.0.1:${await deadPort()}` },
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const t = openTrialRun({
      experiment: 'e',
      trialId: 't',
      trialDir: dir,
      client,
      warn: (m) => warnings.push(m),
    });
    for (let epoch = 0; epoch < 3; epoch++) {
      t.logMetrics({ loss: 1 / (epoch + 1) }, { step: epoch, prefix: 'denoiser' });
      await t.flush();
    }
    await t.end('FINISHED');
    assert.equal(warnings.filter((w) => /unreachable/.test(w)).length, 1, warnings.join('\n'));
    assert.match(warnings.at(-1)!, /only in .*; upload them with "trellis sync"/);
    const metrics = readEvents(join(dir, 'tracking')).flatMap((e) => (e.type === 'metrics' ? e.metrics : []));
    assert.deepEqual(
      metrics.map((m) => m.step),
      [0, 1, 2],
    );
    assert.equal(existsSync(join(dir, 'tracking', 'sync-state.json')), false);
  });
});

describe('tracking helpers', () => {
  it('passes the parent run to a trial process through the environment', () => {
    const env = parentRefToEnv({ trackingId: 'sw', runName: 'sweep 1' });
    assert.deepEqual(parentRefFromEnv(env), { trackingId: 'sw', runName: 'sweep 1' });
    assert.equal(parentRefFromEnv({}), undefined);
  });

  it('uses the tracking override as experiment name, else the spec name', () => {
    assert.equal(experimentName({ name: 'a' }), 'a');
    assert.equal(experimentName({ name: 'a', tracking: { mlflow: { experiment: 'b' } } }), 'b');
  });
});

describe('trackingSettings', () => {
  it('applies the schema defaults and the experiment override', () => {
    assert.deepEqual(trackingSettings({ name: 'exp' }), {
      enabled: true,
      experiment: 'exp',
      logModels: true,
      logArtifacts: true,
      flushIntervalS: 30,
      offlineDir: 'tracking',
    });
    const s = trackingSettings({
      name: 'exp',
      tracking: { mlflow: { experiment: 'other', log_models: false }, flush_interval_s: 5 },
    });
    assert.equal(s.experiment, 'other');
    assert.equal(s.logModels, false);
    assert.equal(s.flushIntervalS, 5);
  });
});
