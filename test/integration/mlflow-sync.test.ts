import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMlflowServer, type MlflowTestServer } from './harness/mlflow-server.js';
import { MlflowClient, type Run } from '../../src/tracking/mlflow-client.js';
import { openSweepRun, openTrialRun } from '../../src/tracking/open-run.js';
import { syncToMlflow, findRunLogs } from '../../src/tracking/sync-to-mlflow.js';
import { closeStaleRuns } from '../../src/tracking/close-stale-runs.js';
import type { RunTracker } from '../../src/tracking/run-tracker.js';
import { runSync } from '../../src/cli/commands/sync.js';

let server: MlflowTestServer;
let client: MlflowClient;
before(async () => {
  server = await startMlflowServer();
  client = new MlflowClient({ connection: { baseUrl: server.uri } });
});
after(async () => server?.stop());

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const EPOCHS = 6;

/** One epoch of a two-stage trial: 3 metrics per stage, like the fit loop logs them. */
function logEpoch(t: RunTracker, epoch: number): void {
  t.logMetrics(
    { train_loss: 1 / (epoch + 1), val_loss: 1.1 / (epoch + 1), lr: 0.1 },
    { step: epoch, prefix: 'denoiser' },
  );
  t.logMetrics(
    { train_loss: 2 / (epoch + 1), val_loss: 2.2 / (epoch + 1), lr: 0.01 },
    { step: epoch, prefix: 'descriptor' },
  );
}

async function runsOf(experiment: string): Promise<Run[]> {
  const exp = await client.getExperimentByName(experiment);
  return exp ? client.searchRuns({ experimentIds: [exp.experiment_id], viewType: 'ALL' }) : [];
}

/** Every run's every metric history, keyed by run name and metric, as "step:value" lists. */
async function histories(experiment: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const run of await runsOf(experiment)) {
    for (const m of run.data.metrics ?? []) {
      const h = await client.getMetricHistory(run.info.run_id, m.key);
      out[`${run.info.run_name}|${m.key}`] = h.map((x) => `${x.step}:${x.value}:${x.timestamp}`).sort();
    }
  }
  return out;
}

/** Records a 2-trial sweep locally only (as on a cluster node without network). */
async function recordOfflineSweep(dir: string, experiment: string): Promise<void> {
  const sweep = openSweepRun({ experiment, sweepId: 'sweep-1', sweepDir: dir, client: null });
  for (const lr of [0.1, 0.01]) {
    const trialId = `t-${lr}`;
    const t = openTrialRun({
      experiment,
      trialId,
      trialDir: join(dir, 'trials', trialId),
      parent: sweep.ref,
      client: null,
      overrides: { 'stages.descriptor.optimizer.lr': lr },
    });
    t.logParams({ stages: { descriptor: { optimizer: { lr } } } });
    for (let e = 0; e < EPOCHS; e++) {
      logEpoch(t, e);
      await t.flush();
    }
    const table = join(dir, `eval-${lr}.csv`);
    writeFileSync(table, `task,mAP\nmatching,${lr}\n`);
    t.logArtifact(table, 'evaluation');
    t.logMetrics({ 'mAP/verification': 0.8, 'mAP/matching': 0.4 }, { step: EPOCHS - 1 });
    await t.end('FINISHED');
  }
  sweep.logMetrics({ 'best/mAP_matching': 0.4 }, { step: 0 });
  await sweep.end('FINISHED');
}

describe('trellis sync', () => {
  it('uploads an offline sweep as one parent with nested trials, params, metrics and artifacts', async () => {
    const dir = tmp('sync-offline-');
    await recordOfflineSweep(dir, 'offline-sweep');
    assert.equal(findRunLogs(dir).length, 3);
    const results = await syncToMlflow({ dir, client });
    assert.deepEqual(
      results.map((r) => [r.created, r.error]),
      [
        [true, undefined],
        [true, undefined],
        [true, undefined],
      ],
    );

    const runs = await runsOf('offline-sweep');
    assert.equal(runs.length, 3);
    const parent = runs.find((r) => r.info.run_name === 'sweep-1')!;
    const children = runs.filter((r) =>
      r.data.tags?.some((t) => t.key === 'mlflow.parentRunId' && t.value === parent.info.run_id),
    );
    assert.deepEqual(children.map((r) => r.info.run_name).sort(), ['lr=0.01', 'lr=0.1']);
    for (const c of children) {
      assert.equal(c.info.status, 'FINISHED');
      assert.equal((await client.getMetricHistory(c.info.run_id, 'denoiser/train_loss')).length, EPOCHS);
      assert.deepEqual(
        (await client.listArtifacts(c.info.run_id, 'evaluation')).map((f) => f.path).length,
        1,
      );
    }
    assert.equal(parent.info.status, 'FINISHED');
  });

  it('creates nothing new when run twice, and nothing when its sync state is lost', async () => {
    const dir = tmp('sync-twice-');
    await recordOfflineSweep(dir, 'sync-twice');
    await syncToMlflow({ dir, client });
    const runsBefore = (await runsOf('sync-twice')).length;
    const before = await histories('sync-twice');

    const again = await syncToMlflow({ dir, client });
    assert.deepEqual(
      again.map((r) => [r.created, r.uploadedEvents]),
      [
        [false, 0],
        [false, 0],
        [false, 0],
      ],
    );
    assert.equal((await runsOf('sync-twice')).length, runsBefore);
    assert.deepEqual(await histories('sync-twice'), before);

    // Copied to another machine without sync-state.json: runs are found by tag, histories compared.
    for (const logDir of findRunLogs(dir)) rmSync(join(logDir, 'sync-state.json'));
    const fresh = await syncToMlflow({ dir, client });
    assert.ok(fresh.every((r) => !r.created && !r.error));
    assert.equal((await runsOf('sync-twice')).length, runsBefore);
    assert.deepEqual(await histories('sync-twice'), before);
  });

  it('uploads again, without duplicates, when the server no longer has the run its sync state names', async () => {
    const dir = tmp('sync-reset-');
    await recordOfflineSweep(dir, 'sync-reset');
    await syncToMlflow({ dir, client });
    const runsBefore = (await runsOf('sync-reset')).length;
    const before = await histories('sync-reset');
    for (const logDir of findRunLogs(dir)) {
      const file = join(logDir, 'sync-state.json');
      const state = JSON.parse(readFileSync(file, 'utf8'));
      state.servers[server.uri].runId = 'f'.repeat(32); // as if the server's store had been replaced
      state.servers[server.uri].uploaded = 1;
      writeFileSync(file, JSON.stringify(state));
    }
    const warnings: string[] = [];
    const results = await syncToMlflow({ dir, client, warn: (m) => warnings.push(m) });
    assert.ok(
      results.every((r) => !r.error && !r.created),
      JSON.stringify(results),
    );
    assert.ok(
      warnings.some((w) => /is not on .* any more; uploading again/.test(w)),
      warnings.join('\n'),
    );
    assert.equal((await runsOf('sync-reset')).length, runsBefore);
    assert.deepEqual(await histories('sync-reset'), before);
  });

  it('loses not a single metric when the server stops in the middle of a trial and comes back', async () => {
    const dir = tmp('sync-outage-');
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    const live = new MlflowClient({
      connection: { baseUrl: server.uri },
      retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 },
      timeoutMs: 5000,
    });
    const sweep = openSweepRun({ experiment: 'outage', sweepId: 'sw', sweepDir: dir, client: live, warn });
    await sweep.flush();
    const trial = openTrialRun({
      experiment: 'outage',
      trialId: 't1',
      trialDir: join(dir, 't1'),
      parent: sweep.ref,
      client: live,
      warn,
      overrides: { lr: 0.1 },
    });
    const total = 10;
    for (let e = 0; e < total; e++) {
      if (e === 3) await server.stop({ remove: false });
      if (e === 7) await server.restart();
      logEpoch(trial, e);
      await trial.flush();
    }
    await trial.end('FINISHED');
    await sweep.end('FINISHED');
    assert.ok(
      warnings.some((w) => /unreachable/.test(w)),
      warnings.join('\n'),
    );

    const results = await syncToMlflow({ dir, client });
    assert.ok(
      results.every((r) => !r.error),
      JSON.stringify(results),
    );
    const runs = await runsOf('outage');
    assert.equal(runs.length, 2);
    const t = runs.find((r) => r.info.run_name === 'lr=0.1')!;
    assert.equal(t.info.status, 'FINISHED');
    for (const stage of ['denoiser', 'descriptor']) {
      for (const key of ['train_loss', 'val_loss', 'lr']) {
        const h = await client.getMetricHistory(t.info.run_id, `${stage}/${key}`);
        assert.deepEqual(
          h.map((m) => m.step).sort((a, b) => a - b),
          Array.from({ length: total }, (_, i) => i),
          `${stage}/${key}`,
        );
      }
    }
  });

  it('continues a resumed trial in its own MLflow run instead of making a second one', async () => {
    const dir = tmp('resume-');
    const sweep = openSweepRun({ experiment: 'resume', sweepId: 'sw', sweepDir: dir, client });
    await sweep.flush();
    const first = openTrialRun({
      experiment: 'resume',
      trialId: 't',
      trialDir: join(dir, 't'),
      parent: sweep.ref,
      client,
    });
    logEpoch(first, 0);
    await first.flush();
    first.endSync('KILLED'); // the process was killed after epoch 0
    const second = openTrialRun({
      experiment: 'resume',
      trialId: 't',
      trialDir: join(dir, 't'),
      parent: sweep.ref,
      client,
    });
    logEpoch(second, 1);
    await second.end('FINISHED');
    await sweep.end('FINISHED');
    assert.equal(second.runId, first.runId);
    assert.match(
      second.url!,
      new RegExp(`^${server.uri}/#/experiments/\\d+/runs/${first.runId}\\?workflowType=machine_learning$`),
    );
    const runs = await runsOf('resume');
    assert.equal(runs.length, 2);
    const run = await client.getRun(second.runId!);
    assert.equal(run.info.status, 'FINISHED');
    assert.equal((await client.getMetricHistory(run.info.run_id, 'denoiser/train_loss')).length, 2);
  });

  it('closes runs left RUNNING by a dead process and keeps live ones', async () => {
    const exp = await client.getOrCreateExperiment('stale');
    const mk = async (pid: number) =>
      client.createRun({
        experimentId: exp,
        tags: [
          { key: 'trellis.tracking_id', value: `r${pid}` },
          { key: 'trellis.host', value: hostname() },
          { key: 'trellis.pid', value: String(pid) },
          { key: 'trellis.heartbeat_ms', value: String(Date.now()) },
        ],
      });
    const dead = await mk(2 ** 22 + 12345);
    const alive = await mk(process.pid + 0); // this process: alive
    const closed = await closeStaleRuns({ client, experiment: 'stale' });
    assert.deepEqual(
      closed.map((c) => c.id),
      [dead.info.run_id],
    );
    assert.equal((await client.getRun(dead.info.run_id)).info.status, 'FAILED');
    assert.equal((await client.getRun(alive.info.run_id)).info.status, 'RUNNING');
  });
});

describe('trellis sync command', () => {
  it('prints what it uploaded, and uploads nothing the second time', async () => {
    const dir = tmp('sync-cli-');
    await recordOfflineSweep(dir, 'sync-cli');
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t), cwd: dir };
    assert.equal(await runSync('.', { to: server.uri, closeStale: true }, io), 0);
    assert.match(out.join(''), /synced 3 of 3 runs to http:\/\/127\.0\.0\.1/);
    assert.equal(out.filter((l) => /\(created\)/.test(l)).length, 3);
    out.length = 0;
    assert.equal(await runSync('.', { to: server.uri, closeStale: true }, io), 0);
    assert.equal(out.filter((l) => / 0 events uploaded/.test(l)).length, 3, out.join(''));
    assert.equal((await runsOf('sync-cli')).length, 3);
  });

  it('says how to name a server when none is given', async () => {
    const saved = process.env.MLFLOW_TRACKING_URI;
    delete process.env.MLFLOW_TRACKING_URI;
    const err: string[] = [];
    try {
      const code = await runSync(
        '.',
        { closeStale: false },
        { out: () => {}, err: (t) => err.push(t), cwd: tmp('x-') },
      );
      assert.equal(code, 1);
    } finally {
      if (saved !== undefined) process.env.MLFLOW_TRACKING_URI = saved;
    }
    assert.match(err.join(''), /pass --to <uri> or set MLFLOW_TRACKING_URI/);
  });
});
