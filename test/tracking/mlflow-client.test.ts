import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MlflowError } from '../../src/tracking/mlflow-client.js';
import { MlflowClient } from '../../src/tracking/mlflow-client.js';
import type { MlflowConfigError } from '../../src/tracking/mlflow-config.js';
import { resolveConnection } from '../../src/tracking/mlflow-config.js';

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** A fetch that records calls and answers from a script of responses (last one repeats). */
function fakeFetch(answers: Array<() => Response>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  let i = 0;
  const f = (async (url: string, init: RequestInit) => {
    calls.push({
      method: init.method!,
      url,
      headers: init.headers as Record<string, string>,
      body: init.body as string,
    });
    const a = answers[Math.min(i++, answers.length - 1)];
    return a();
  }) as unknown as typeof fetch;
  return { fetch: f, calls };
}
const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const fastRetry = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

describe('MlflowClient', () => {
  it('retries 503 and 429 with backoff, then succeeds', async () => {
    const { fetch, calls } = fakeFetch([
      json(503, { error_code: 'TEMPORARILY_UNAVAILABLE' }),
      json(429, {}),
      json(200, { experiment_id: '7' }),
    ]);
    const c = new MlflowClient({ connection: { baseUrl: 'http://h:1' }, fetch, retry: fastRetry });
    assert.equal(await c.createExperiment('e'), '7');
    assert.equal(calls.length, 3);
  });

  it('does not retry a 400 and reports the server error code and message', async () => {
    const { fetch, calls } = fakeFetch([
      json(400, { error_code: 'INVALID_PARAMETER_VALUE', message: 'bad key' }),
    ]);
    const c = new MlflowClient({ connection: { baseUrl: 'http://h:1' }, fetch, retry: fastRetry });
    await assert.rejects(c.setTag('r', 'k', 'v'), (e: MlflowError) => {
      assert.equal(e.status, 400);
      assert.equal(e.errorCode, 'INVALID_PARAMETER_VALUE');
      assert.match(
        e.message,
        /POST http:\/\/h:1\/api\/2.0\/mlflow\/runs\/set-tag failed: 400 INVALID_PARAMETER_VALUE bad key/,
      );
      assert.equal(e.transient, false);
      return true;
    });
    assert.equal(calls.length, 1);
  });

  it('retries connection errors and then fails with an unreachable error', async () => {
    let n = 0;
    const f = (async () => {
      n++;
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    const c = new MlflowClient({ connection: { baseUrl: 'http://h:1' }, fetch: f, retry: fastRetry });
    await assert.rejects(
      c.getRun('x'),
      (e: MlflowError) => e.transient && /unreachable.*ECONNREFUSED/.test(e.message),
    );
    assert.equal(n, 4);
  });

  it('splits a large batch into several log-batch requests and sends NaN as a string', async () => {
    const { fetch, calls } = fakeFetch([json(200, {})]);
    const c = new MlflowClient({ connection: { baseUrl: 'http://h:1' }, fetch });
    const metrics = Array.from({ length: 2100 }, (_, i) => ({
      key: 'loss',
      value: i === 0 ? NaN : i,
      step: i,
      timestamp: 5,
    }));
    await c.logBatch('r1', {
      metrics,
      params: Array.from({ length: 150 }, (_, i) => ({ key: `p${i}`, value: 'v' })),
    });
    const bodies = calls.map((x) => JSON.parse(x.body!));
    assert.ok(calls.every((x) => x.url === 'http://h:1/api/2.0/mlflow/runs/log-batch'));
    assert.ok(calls.every((x) => x.headers['Content-Type'] === 'application/json'));
    assert.equal(
      bodies.reduce((n, b) => n + b.metrics.length, 0),
      2100,
    );
    assert.equal(
      bodies.reduce((n, b) => n + b.params.length, 0),
      150,
    );
    assert.equal(
      bodies[0].metrics.length > 0
        ? bodies[0].metrics[0].value
        : bodies.find((b) => b.metrics.length)!.metrics[0].value,
      'NaN',
    );
  });

  it('sends Basic auth from the env and never puts the password in an error', async () => {
    const env = { MLFLOW_TRACKING_USERNAME: 'alice', MLFLOW_TRACKING_PASSWORD: 'hunter2-secret' };
    const conn = resolveConnection('https://mlflow.example.org/prefix/', env);
    assert.equal(conn.baseUrl, 'https://mlflow.example.org/prefix');
    const { fetch, calls } = fakeFetch([json(401, { message: 'echo hunter2-secret ' + conn.authorization })]);
    const c = new MlflowClient({ connection: conn, fetch, retry: fastRetry });
    await assert.rejects(c.getRun('x'), (e: Error) => {
      assert.ok(!e.message.includes('hunter2-secret'), e.message);
      assert.ok(!e.message.includes(conn.authorization!.slice(6)), e.message);
      assert.match(e.message, /check MLFLOW_TRACKING_USERNAME/);
      return true;
    });
    assert.equal(
      calls[0].headers.Authorization,
      `Basic ${Buffer.from('alice:hunter2-secret').toString('base64')}`,
    );
  });

  it('moves credentials from the URI into a header and out of the URL', () => {
    const conn = resolveConnection('http://bob:pw1234@10.0.0.2:5000', {});
    assert.equal(conn.baseUrl, 'http://10.0.0.2:5000');
    assert.equal(conn.authorization, `Basic ${Buffer.from('bob:pw1234').toString('base64')}`);
  });

  it('uses a bearer token when no username and password are set', () => {
    assert.equal(resolveConnection('http://h', { MLFLOW_TRACKING_TOKEN: 'tkn' }).authorization, 'Bearer tkn');
  });

  it('refuses database and file URIs with the fix, without echoing credentials', () => {
    assert.throws(
      () => resolveConnection('postgresql://u:secretpw@db/mlflow', {}),
      (e: MlflowConfigError) => {
        assert.match(e.message, /run "mlflow server --backend-store-uri/);
        assert.ok(!e.message.includes('secretpw'));
        return true;
      },
    );
  });

  it('maps mlflow-artifacts run roots to the proxied artifact URL', () => {
    const c = new MlflowClient({ connection: { baseUrl: 'http://127.0.0.1:5000' } });
    assert.equal(
      c.artifactUrl('mlflow-artifacts:/3/abc/artifacts', 'plots/loss curve.png'),
      'http://127.0.0.1:5000/api/2.0/mlflow-artifacts/artifacts/3/abc/artifacts/plots/loss%20curve.png',
    );
    assert.equal(
      c.artifactUrl('mlflow-artifacts://other:9000/3/abc/artifacts', 'a.txt'),
      'http://other:9000/api/2.0/mlflow-artifacts/artifacts/3/abc/artifacts/a.txt',
    );
    assert.throws(() => c.artifactUrl('s3://bucket/x', 'a'), /not served by the tracking server/);
  });

  it('treats a missing experiment as undefined rather than an error', async () => {
    const { fetch } = fakeFetch([json(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no' })]);
    const c = new MlflowClient({ connection: { baseUrl: 'http://h:1' }, fetch });
    assert.equal(await c.getExperimentByName('nope'), undefined);
  });
});
