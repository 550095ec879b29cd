import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeMlflow } from './fake-mlflow.js';
import { MlflowClient } from '../../src/tracking/mlflow-client.js';
import { openSweepRun, openTrialRun } from '../../src/tracking/open-run.js';
import { syncRunLog } from '../../src/tracking/sync-run.js';
import { syncToMlflow } from '../../src/tracking/sync-to-mlflow.js';

const BASE = 'http://fake:5000';
const client = (fake: FakeMlflow) =>
  new MlflowClient({
    connection: { baseUrl: BASE },
    fetch: fake.fetch,
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });

/** A sweep with one 5-epoch trial, recorded offline. */
async function record(dir: string): Promise<string> {
  const sweep = openSweepRun({ experiment: 'e', sweepId: 'sw', sweepDir: dir, client: null });
  const trialDir = join(dir, 't');
  const t = openTrialRun({
    experiment: 'e',
    trialId: 't',
    trialDir,
    parent: sweep.ref,
    client: null,
    overrides: { lr: 0.1 },
  });
  t.logParams({ lr: 0.1 });
  for (let e = 0; e < 5; e++) {
    t.logMetrics({ loss: 1 / (e + 1) }, { step: e, prefix: 'denoiser' });
    await t.flush();
  }
  const f = join(dir, 'table.csv');
  writeFileSync(f, 'a,b\n');
  t.logArtifact(f, 'evaluation');
  await t.end('FINISHED');
  await sweep.end('FINISHED');
  return join(trialDir, 'tracking');
}

describe('syncRunLog', () => {
  it('creates a nested run with everything in the log, then has nothing left to send', async () => {
    const fake = new FakeMlflow();
    const dir = mkdtempSync(join(tmpdir(), 'syncrun-'));
    await record(dir);
    const results = await syncToMlflow({ dir, client: client(fake) });
    assert.deepEqual(
      results.map((r) => r.created),
      [true, true],
    );
    const [parent, trial] = fake.runs;
    assert.equal(trial.tags.get('mlflow.parentRunId'), parent.info.run_id);
    assert.equal(trial.info.run_name, 'lr=0.1');
    assert.equal(trial.info.status, 'FINISHED');
    assert.deepEqual(
      trial.metrics.map((m) => m.step),
      [0, 1, 2, 3, 4],
    );
    assert.equal(trial.params.get('lr'), '0.1');
    assert.deepEqual(
      [...fake.artifacts.keys()],
      [`/api/2.0/mlflow-artifacts/artifacts/1/${trial.info.run_id}/artifacts/evaluation/table.csv`],
    );
    const before = fake.requests;
    const again = await syncToMlflow({ dir, client: client(fake) });
    assert.deepEqual(
      again.map((r) => r.uploadedEvents),
      [0, 0],
    );
    assert.ok(fake.requests - before <= 2, 'a second sync only reads the state');
  });

  it('resumes after a failed request without sending any metric twice', async () => {
    const fake = new FakeMlflow();
    const dir = mkdtempSync(join(tmpdir(), 'syncrun-'));
    const trialLog = await record(dir);
    await syncRunLog({ client: client(fake), logDir: join(dir, 'tracking'), createMissingParent: true });
    fake.failNext(/mlflow-artifacts/, 503); // the outage hits after the metrics went through
    await assert.rejects(
      syncRunLog({ client: client(fake), logDir: trialLog, createMissingParent: true }),
      /503/,
    );
    const r = await syncRunLog({ client: client(fake), logDir: trialLog, createMissingParent: true });
    assert.equal(r.created, false);
    assert.deepEqual(
      fake.runs[1].metrics.map((m) => m.step),
      [0, 1, 2, 3, 4],
    );
    assert.equal(fake.runs[1].info.status, 'FINISHED');
  });

  it('skips what the server refuses for good, records why, and goes on', async () => {
    const fake = new FakeMlflow();
    const dir = mkdtempSync(join(tmpdir(), 'syncrun-'));
    const trialLog = await record(dir);
    await syncRunLog({ client: client(fake), logDir: join(dir, 'tracking'), createMissingParent: true });
    fake.failNext(/log-batch/, 400, 1, { error_code: 'INVALID_PARAMETER_VALUE', message: 'bad value' });
    const warnings: string[] = [];
    await syncRunLog({
      client: client(fake),
      logDir: trialLog,
      createMissingParent: true,
      warn: (m) => warnings.push(m),
    });
    const state = JSON.parse(readFileSync(join(trialLog, 'sync-state.json'), 'utf8'));
    assert.equal(state.servers[BASE].skipped.length, 1);
    assert.match(state.servers[BASE].skipped[0].reason, /400 INVALID_PARAMETER_VALUE bad value/);
    assert.match(warnings[0], /was refused and skipped/);
    assert.equal(fake.runs[1].info.status, 'FINISHED');
  });

  it('waits for the parent instead of creating one, when asked to', async () => {
    const fake = new FakeMlflow();
    const dir = mkdtempSync(join(tmpdir(), 'syncrun-'));
    const trialLog = await record(dir);
    const r = await syncRunLog({ client: client(fake), logDir: trialLog, createMissingParent: false });
    assert.equal(r.runId, '');
    assert.ok(r.pendingEvents > 0);
    assert.equal(fake.runs.length, 0);
  });

  it('with a lost sync state, sends only the metrics the server does not have', async () => {
    const fake = new FakeMlflow();
    const dir = mkdtempSync(join(tmpdir(), 'syncrun-'));
    const trialLog = await record(dir);
    await syncToMlflow({ dir, client: client(fake) });
    writeFileSync(join(trialLog, 'sync-state.json'), '{"version":1,"servers":{}}');
    const r = await syncRunLog({ client: client(fake), logDir: trialLog, createMissingParent: true });
    assert.equal(r.created, false);
    assert.equal(fake.runs.length, 2);
    assert.deepEqual(
      fake.runs[1].metrics.map((m) => m.step),
      [0, 1, 2, 3, 4],
    );
  });
});
