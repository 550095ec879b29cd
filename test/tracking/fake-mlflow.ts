/**
 * An in-memory stand-in for the MLflow REST endpoints the sync uses, as a `fetch`. Unlike the real
 * server it never deduplicates metrics, so a test sees every duplicate a client sends. `failNext`
 * makes the next matching requests fail, to test resumption.
 */
import type { Metric } from '../../src/tracking/log-batch-limits.js';

interface FakeRun {
  info: {
    run_id: string;
    run_name: string;
    experiment_id: string;
    status: string;
    artifact_uri: string;
    start_time: number;
    end_time?: number;
  };
  params: Map<string, string>;
  tags: Map<string, string>;
  metrics: Metric[];
}

export class FakeMlflow {
  readonly experiments = new Map<string, string>(); // name -> id
  readonly runs: FakeRun[] = [];
  readonly artifacts = new Map<string, number>(); // url path -> size
  failures: Array<{ path: RegExp; status: number; body?: object }> = [];
  requests = 0;

  failNext(path: RegExp, status: number, times = 1, body?: object): void {
    for (let i = 0; i < times; i++) this.failures.push({ path, status, body });
  }

  readonly fetch = (async (url: string, init: RequestInit): Promise<Response> => {
    this.requests++;
    const u = new URL(url);
    const path = u.pathname;
    const fail = this.failures.findIndex((f) => f.path.test(path));
    if (fail >= 0) {
      const f = this.failures.splice(fail, 1)[0];
      return json(f.status, f.body ?? { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'busy' });
    }
    const body = init.body && typeof init.body === 'string' ? JSON.parse(init.body) : {};
    const run = (id: string) => this.runs.find((r) => r.info.run_id === id);
    const view = (r: FakeRun) => ({
      info: r.info,
      data: {
        params: [...r.params].map(([key, value]) => ({ key, value })),
        tags: [...r.tags].map(([key, value]) => ({ key, value })),
      },
    });
    if (path.includes('/mlflow-artifacts/artifacts/')) {
      this.artifacts.set(path, (init.body as Buffer).length);
      return json(200, {});
    }
    switch (path.replace(/^\/api\/2\.0\//, '')) {
      case 'mlflow/experiments/get-by-name': {
        const name = u.searchParams.get('experiment_name')!;
        const id = this.experiments.get(name);
        return id
          ? json(200, { experiment: { experiment_id: id, name, lifecycle_stage: 'active' } })
          : json(404, { error_code: 'RESOURCE_DOES_NOT_EXIST' });
      }
      case 'mlflow/experiments/create': {
        const id = String(this.experiments.size + 1);
        this.experiments.set(body.name, id);
        return json(200, { experiment_id: id });
      }
      case 'mlflow/runs/create': {
        const id = `run${this.runs.length + 1}`.padEnd(32, '0');
        const r: FakeRun = {
          info: {
            run_id: id,
            run_name: body.run_name,
            experiment_id: body.experiment_id,
            status: 'RUNNING',
            artifact_uri: `mlflow-artifacts:/${body.experiment_id}/${id}/artifacts`,
            start_time: body.start_time,
          },
          params: new Map(),
          tags: new Map((body.tags ?? []).map((t: { key: string; value: string }) => [t.key, t.value])),
          metrics: [],
        };
        this.runs.push(r);
        return json(200, { run: view(r) });
      }
      case 'mlflow/runs/search': {
        const m = /tags\.`([^`]+)` = '([^']*)'/.exec(body.filter ?? '');
        const hits = this.runs.filter(
          (r) => body.experiment_ids.includes(r.info.experiment_id) && (!m || r.tags.get(m[1]) === m[2]),
        );
        return json(200, hits.length ? { runs: hits.map(view) } : {});
      }
      case 'mlflow/runs/get': {
        const r = run(u.searchParams.get('run_id')!);
        return r ? json(200, { run: view(r) }) : json(404, { error_code: 'RESOURCE_DOES_NOT_EXIST' });
      }
      case 'mlflow/runs/update': {
        const r = run(body.run_id)!;
        if (body.status) r.info.status = body.status;
        if (body.end_time) r.info.end_time = body.end_time;
        if (body.run_name) r.info.run_name = body.run_name;
        return json(200, { run_info: r.info });
      }
      case 'mlflow/runs/log-batch': {
        const r = run(body.run_id);
        if (!r) return json(404, { error_code: 'RESOURCE_DOES_NOT_EXIST' });
        for (const p of body.params) {
          if (r.params.has(p.key) && r.params.get(p.key) !== p.value)
            return json(400, { error_code: 'INVALID_PARAMETER_VALUE', message: `param ${p.key} changed` });
          r.params.set(p.key, p.value);
        }
        for (const t of body.tags) r.tags.set(t.key, t.value);
        r.metrics.push(...body.metrics.map((x: Metric) => ({ ...x, value: Number(x.value) })));
        return json(200, {});
      }
      case 'mlflow/metrics/get-history': {
        const r = run(u.searchParams.get('run_id')!)!;
        const key = u.searchParams.get('metric_key');
        return json(200, { metrics: r.metrics.filter((x) => x.key === key) });
      }
      default:
        return json(404, { error_code: 'ENDPOINT_NOT_FOUND', message: path });
    }
  }) as unknown as typeof fetch;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
