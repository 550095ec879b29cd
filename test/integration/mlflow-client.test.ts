import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMlflowServer, type MlflowTestServer } from './harness/mlflow-server.js';
import { MlflowClient } from '../../src/tracking/mlflow-client.js';
import { resolveConnection } from '../../src/tracking/mlflow-config.js';
import { openSweepRun, openTrialRun } from '../../src/tracking/open-run.js';

let server: MlflowTestServer;
let client: MlflowClient;
before(async () => {
  server = await startMlflowServer();
  client = new MlflowClient({ connection: { baseUrl: server.uri } });
});
after(async () => server?.stop());

describe('MlflowClient against a real server', () => {
  it('creates an experiment once and finds it by name afterwards', async () => {
    const id = await client.getOrCreateExperiment('round-trip');
    assert.equal(await client.getOrCreateExperiment('round-trip'), id);
    assert.equal((await client.getExperimentByName('round-trip'))?.experiment_id, id);
    assert.equal(await client.getExperimentByName('no-such-experiment'), undefined);
  });

  it('round-trips nested runs, 150 params, 2500 metrics, tags and an artifact', async () => {
    const exp = await client.getOrCreateExperiment('round-trip');
    const parent = await client.createRun({
      experimentId: exp,
      runName: 'parent',
      tags: [{ key: 'trellis.tracking_id', value: 'p1' }],
    });
    const child = await client.createRun({
      experimentId: exp,
      runName: 'child',
      tags: [{ key: 'mlflow.parentRunId', value: parent.info.run_id }],
    });
    const id = child.info.run_id;
    const params = Array.from({ length: 150 }, (_, i) => ({ key: `p.${i}`, value: String(i) }));
    params.push({ key: 'long', value: 'v'.repeat(7000) });
    const metrics = Array.from({ length: 2500 }, (_, i) => ({
      key: 'denoiser/train_loss',
      value: 1 / (i + 1),
      step: i,
      timestamp: 1_700_000_000_000 + i,
    }));
    metrics[5] = { ...metrics[5], value: NaN };
    await client.logBatch(id, { params, metrics, tags: [{ key: 'trellis.trial_id', value: 't1' }] });
    await client.setTag(id, 'note', 'hello');

    const run = await client.getRun(id);
    assert.equal(run.data.params?.length, 151);
    assert.match(run.data.params!.find((p) => p.key === 'long')!.value, /…\[truncated \d+ chars\]$/);
    const tags = Object.fromEntries(run.data.tags!.map((t) => [t.key, t.value]));
    assert.equal(tags['mlflow.parentRunId'], parent.info.run_id);
    assert.equal(tags['trellis.trial_id'], 't1');
    assert.equal(tags.note, 'hello');
    const history = await client.getMetricHistory(id, 'denoiser/train_loss');
    assert.equal(history.length, 2500);
    assert.ok(Number.isNaN(history.find((m) => m.step === 5)!.value));

    const dir = mkdtempSync(join(tmpdir(), 'art-'));
    writeFileSync(join(dir, 'table.csv'), 'task,mAP\nverification,0.8\n');
    await client.uploadArtifact(run.info.artifact_uri!, join(dir, 'table.csv'), 'eval/table.csv');
    assert.deepEqual(await client.listArtifacts(id, 'eval'), [
      { path: 'eval/table.csv', is_dir: false, file_size: 26 },
    ]);
    assert.equal(
      (await client.downloadArtifact(run.info.artifact_uri!, 'eval/table.csv')).toString(),
      'task,mAP\nverification,0.8\n',
    );

    const found = await client.searchRuns({
      experimentIds: [exp],
      filter: `tags.\`mlflow.parentRunId\` = '${parent.info.run_id}'`,
    });
    assert.deepEqual(
      found.map((r) => r.info.run_id),
      [id],
    );
    await client.updateRun(id, { status: 'FINISHED', endTime: Date.now() });
    assert.equal((await client.getRun(id)).info.status, 'FINISHED');
  });

  it('reports a missing run with the server error code and no retry', async () => {
    await assert.rejects(client.getRun('0123456789abcdef0123456789abcdef'), /404 RESOURCE_DOES_NOT_EXIST/);
  });
});

describe('credentials', () => {
  it('never reach warnings, errors, the local log, params, tags or artifacts', async () => {
    const password = 'pw-Zq81-secret';
    const token = 'tok-Yx77-secret';
    const saved = { ...process.env };
    process.env.MLFLOW_TRACKING_URI = server.uri.replace('http://', `http://alice:${password}@`);
    process.env.MLFLOW_TRACKING_TOKEN = token;
    const warnings: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'cred-'));
    try {
      const secretFile = join(mkdtempSync(join(tmpdir(), 'cred-src-')), 'env.txt');
      writeFileSync(secretFile, `uri=${process.env.MLFLOW_TRACKING_URI}\ntoken=${token}\n`);
      const sweep = openSweepRun({
        experiment: 'creds',
        sweepId: 'sw',
        sweepDir: dir,
        warn: (m) => warnings.push(m),
      });
      await sweep.flush(); // the orchestrator does this before launching trials, so they nest at once
      const trial = openTrialRun({
        experiment: 'creds',
        trialId: 't',
        trialDir: join(dir, 't'),
        parent: sweep.ref,
        warn: (m) => warnings.push(m),
      });
      // A config that echoes the environment must not leak it.
      trial.logParams({ env: { uri: process.env.MLFLOW_TRACKING_URI, token } });
      trial.setTags({ echoed: `Bearer ${token}` });
      trial.logArtifact(secretFile, 'debug');
      trial.logMetrics({ loss: 1 }, { step: 0 });
      await trial.end('FINISHED');
      await sweep.end('FINISHED');

      // An error from a bad request made with these credentials.
      const c = MlflowClient.fromEnv()!;
      const err = await c.getRun('nope').catch((e: Error) => e);
      const server404 = String(err);

      const run = await c.getRun(trial.runId!);
      const artifact = (await c.downloadArtifact(run.info.artifact_uri!, 'debug/env.txt')).toString();
      const everything = [
        ...warnings,
        server404,
        JSON.stringify(run.data),
        artifact,
        ...listFiles(dir).map((f) => readFileSync(f, 'utf8')),
      ].join('\n');
      for (const secret of [password, token, Buffer.from(`alice:${password}`).toString('base64')]) {
        assert.ok(
          !everything.includes(secret),
          `found ${secret} in:\n${everything.slice(everything.indexOf(secret) - 300, everything.indexOf(secret) + 100)}`,
        );
      }
      assert.match(artifact, /uri=http:\/\/\*\*\*@127\.0\.0\.1/);
      assert.equal(run.data.params?.find((p) => p.key === 'env.token')?.value, '***');
      assert.equal(resolveConnection(process.env.MLFLOW_TRACKING_URI).baseUrl, server.uri);
    } finally {
      process.env = saved;
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}
