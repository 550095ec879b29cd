/**
 * A small typed client for the MLflow tracking REST API (2.x/3.x servers): experiments, runs, batched
 * logging, tags, metric history and artifact upload through the server's proxied artifact API.
 * Every request retries on 429, 5xx and connection errors; no message it produces contains credentials.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { connectionFromEnv, MlflowConfigError, type MlflowConnection } from './mlflow-config.js';
import { scrubSecrets, secretValues } from './redact.js';
import { DEFAULT_RETRY, isRetryableStatus, withRetry, type RetryPolicy } from './retry.js';
import {
  splitBatch,
  truncateValue,
  wireNumber,
  MAX_PARAM_VALUE_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  type KeyValue,
  type Metric,
} from './log-batch-limits.js';

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: 'active' | 'deleted';
  tags?: KeyValue[];
}
export interface RunInfo {
  run_id: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status: RunStatus;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: 'active' | 'deleted';
}
export interface RunData {
  metrics?: Metric[];
  params?: KeyValue[];
  tags?: KeyValue[];
}
export interface Run {
  info: RunInfo;
  data: RunData;
}
export interface ArtifactFile {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

/** A request the server refused (after retries) or could not be reached for. Message is credential-free. */
export class MlflowError extends Error {
  override name = 'MlflowError';
  constructor(
    message: string,
    /** HTTP status; undefined when the server could not be reached. */
    readonly status?: number,
    /** MLflow's `error_code`, e.g. RESOURCE_DOES_NOT_EXIST. */
    readonly errorCode?: string,
  ) {
    super(message);
  }
  /** True when the server was not reachable or answered 429/5xx: worth trying again later. */
  get transient(): boolean {
    return this.status === undefined || isRetryableStatus(this.status);
  }
}

export interface MlflowClientOptions {
  readonly connection: MlflowConnection;
  readonly retry?: RetryPolicy;
  /** Per-request timeout (ms). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.yaml': 'text/yaml',
  '.yml': 'text/yaml',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

export class MlflowClient {
  readonly baseUrl: string;
  private readonly auth?: string;
  private readonly extraHeaders: Readonly<Record<string, string>>;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;
  private readonly secrets: string[];

  constructor(options: MlflowClientOptions) {
    this.baseUrl = options.connection.baseUrl;
    this.auth = options.connection.authorization;
    this.extraHeaders = options.connection.headers ?? {};
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.doFetch = options.fetch ?? fetch;
    // Also mask the header's own secret part, whatever its source (URI, env).
    const headerSecret = this.auth?.replace(/^(Basic|Bearer) /, '');
    this.secrets = [
      ...secretValues(),
      ...(options.connection.secrets ?? []).flatMap((x) => [x, encodeURIComponent(x)]),
      ...(headerSecret && headerSecret.length >= 4 ? [headerSecret] : []),
    ].sort((a, b) => b.length - a.length);
  }

  /** A client for MLFLOW_TRACKING_URI, or undefined when it is unset. */
  static fromEnv(options: Omit<MlflowClientOptions, 'connection'> = {}): MlflowClient | undefined {
    const connection = connectionFromEnv();
    return connection ? new MlflowClient({ ...options, connection }) : undefined;
  }

  /** Text safe to print: no URI credentials, no secret env values, no auth header. */
  scrub(text: string): string {
    return scrubSecrets(text, this.secrets);
  }

  // ---- experiments ----

  /** The experiment with this name, or undefined. Deleted experiments are returned too (check lifecycle_stage). */
  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    try {
      const r = await this.get<{ experiment: Experiment }>('mlflow/experiments/get-by-name', {
        experiment_name: name,
      });
      return r.experiment;
    } catch (err) {
      if (err instanceof MlflowError && err.errorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw err;
    }
  }

  async createExperiment(name: string, tags: readonly KeyValue[] = []): Promise<string> {
    const r = await this.post<{ experiment_id: string }>('mlflow/experiments/create', { name, tags });
    return r.experiment_id;
  }

  /**
   * The id of the active experiment with this name, created if missing (with a create race settled by
   * reading again). A deleted one is an error with the fix: MLflow keeps deleted names reserved.
   */
  async getOrCreateExperiment(name: string, tags: readonly KeyValue[] = []): Promise<string> {
    const found = await this.getExperimentByName(name);
    if (found) return this.activeExperimentId(found);
    try {
      return await this.createExperiment(name, tags);
    } catch (err) {
      if (!(err instanceof MlflowError && err.errorCode === 'RESOURCE_ALREADY_EXISTS')) throw err;
      const again = await this.getExperimentByName(name);
      if (!again) throw err;
      return this.activeExperimentId(again);
    }
  }

  private activeExperimentId(e: Experiment): string {
    if (e.lifecycle_stage === 'deleted') {
      throw new MlflowError(
        `MLflow experiment "${e.name}" (id ${e.experiment_id}) is deleted; restore it in the UI ` +
          `(or POST experiments/restore), or set tracking.mlflow.experiment to another name`,
        400,
        'RESOURCE_ALREADY_EXISTS',
      );
    }
    return e.experiment_id;
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.post('mlflow/experiments/set-experiment-tag', { experiment_id: experimentId, key, value });
  }

  // ---- runs ----

  async createRun(options: {
    experimentId: string;
    runName?: string;
    startTime?: number;
    tags?: readonly KeyValue[];
  }): Promise<Run> {
    const r = await this.post<{ run: Run }>('mlflow/runs/create', {
      experiment_id: options.experimentId,
      ...(options.runName ? { run_name: options.runName } : {}),
      // Without start_time the server stores 0 and the UI shows 1970.
      start_time: options.startTime ?? Date.now(),
      tags: (options.tags ?? []).map((t) => ({
        key: t.key,
        value: truncateValue(t.value, MAX_TAG_VALUE_LENGTH),
      })),
    });
    return normalizeRun(r.run);
  }

  async updateRun(
    runId: string,
    update: { status?: RunStatus; endTime?: number; runName?: string },
  ): Promise<RunInfo> {
    const r = await this.post<{ run_info: RunInfo }>('mlflow/runs/update', {
      run_id: runId,
      ...(update.status ? { status: update.status } : {}),
      ...(update.endTime !== undefined ? { end_time: update.endTime } : {}),
      ...(update.runName ? { run_name: update.runName } : {}),
    });
    return r.run_info;
  }

  async getRun(runId: string): Promise<Run> {
    const r = await this.get<{ run: Run }>('mlflow/runs/get', { run_id: runId });
    return normalizeRun(r.run);
  }

  /** Every run matching `filter` (all pages). */
  async searchRuns(options: {
    experimentIds: readonly string[];
    filter?: string;
    viewType?: ViewType;
    orderBy?: readonly string[];
    maxResults?: number;
  }): Promise<Run[]> {
    const runs: Run[] = [];
    let pageToken: string | undefined;
    do {
      const r = await this.post<{ runs?: Run[]; next_page_token?: string }>('mlflow/runs/search', {
        experiment_ids: options.experimentIds,
        ...(options.filter ? { filter: options.filter } : {}),
        run_view_type: options.viewType ?? 'ACTIVE_ONLY',
        max_results: options.maxResults ?? 1000,
        ...(options.orderBy ? { order_by: options.orderBy } : {}),
        ...(pageToken ? { page_token: pageToken } : {}),
      });
      runs.push(...(r.runs ?? []).map(normalizeRun));
      pageToken = r.next_page_token;
    } while (pageToken);
    return runs;
  }

  async deleteRun(runId: string): Promise<void> {
    await this.post('mlflow/runs/delete', { run_id: runId });
  }

  // ---- logging ----

  /**
   * Logs any number of metrics, params and tags, split into requests within the server's limits.
   * Params over 6000 and tags over 8000 characters are cut with a visible "…[truncated N chars]" marker.
   */
  async logBatch(
    runId: string,
    batch: { metrics?: readonly Metric[]; params?: readonly KeyValue[]; tags?: readonly KeyValue[] },
  ): Promise<void> {
    const requests = splitBatch({
      metrics: batch.metrics,
      params: batch.params?.map((p) => ({
        key: p.key,
        value: truncateValue(p.value, MAX_PARAM_VALUE_LENGTH),
      })),
      tags: batch.tags?.map((t) => ({ key: t.key, value: truncateValue(t.value, MAX_TAG_VALUE_LENGTH) })),
    });
    for (const req of requests) {
      await this.post('mlflow/runs/log-batch', {
        run_id: runId,
        metrics: req.metrics.map((m) => ({
          key: m.key,
          value: wireNumber(m.value),
          step: m.step,
          timestamp: m.timestamp,
        })),
        params: req.params,
        tags: req.tags,
      });
    }
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.post('mlflow/runs/set-tag', {
      run_id: runId,
      key,
      value: truncateValue(value, MAX_TAG_VALUE_LENGTH),
    });
  }

  /** The whole history of one metric (all pages), in server order. */
  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const out: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const r = await this.get<{
        metrics?: Array<Omit<Metric, 'value'> & { value: number | string }>;
        next_page_token?: string;
      }>('mlflow/metrics/get-history', {
        run_id: runId,
        metric_key: key,
        max_results: '25000',
        ...(pageToken ? { page_token: pageToken } : {}),
      });
      for (const m of r.metrics ?? [])
        out.push({
          key: m.key,
          value: Number(m.value),
          step: Number(m.step ?? 0),
          timestamp: Number(m.timestamp),
        });
      pageToken = r.next_page_token;
    } while (pageToken);
    return out;
  }

  // ---- artifacts ----

  /**
   * Uploads one local file to `<run artifact root>/<artifactPath>` through the proxied artifact API
   * (`PUT /api/2.0/mlflow-artifacts/artifacts/...`). `artifactUri` is the run's `info.artifact_uri`.
   */
  async uploadArtifact(artifactUri: string, localPath: string, artifactPath: string): Promise<void> {
    const url = this.artifactUrl(artifactUri, artifactPath);
    const body = await readFile(localPath);
    const type = CONTENT_TYPES[extname(localPath).toLowerCase()] ?? 'application/octet-stream';
    await this.request('PUT', url, body, type);
  }

  /** Lists a run's artifacts under `path` (one level). */
  async listArtifacts(runId: string, path = ''): Promise<ArtifactFile[]> {
    const r = await this.get<{ files?: ArtifactFile[] }>('mlflow/artifacts/list', {
      run_id: runId,
      ...(path ? { path } : {}),
    });
    return r.files ?? [];
  }

  /** Downloads an artifact's bytes (proxied artifact API). */
  async downloadArtifact(artifactUri: string, artifactPath: string): Promise<Buffer> {
    const res = await this.request('GET', this.artifactUrl(artifactUri, artifactPath));
    return Buffer.from(await res.arrayBuffer());
  }

  /** Maps a run's artifact URI to the proxy URL, as MLflow's own MlflowArtifactsRepository does. */
  artifactUrl(artifactUri: string, artifactPath: string): string {
    const rel = artifactPath
      .split('/')
      .filter((p) => p !== '')
      .map(encodeURIComponent)
      .join('/');
    let root: string;
    const m = /^mlflow-artifacts:(?:\/\/([^/]+))?\/?(.*)$/.exec(artifactUri);
    if (m) {
      const base = m[1] ? `${new URL(this.baseUrl).protocol}//${m[1]}` : this.baseUrl;
      root = `${base}/api/2.0/mlflow-artifacts/artifacts/${m[2]}`;
    } else if (/^https?:\/\/.*\/api\/2\.0\/mlflow-artifacts\/artifacts\//.test(artifactUri)) {
      root = artifactUri;
    } else {
      throw new MlflowConfigError(
        `run artifact root "${this.scrub(artifactUri)}" is not served by the tracking server; start the server ` +
          `with --serve-artifacts (the default) and use a trellis-created experiment, not one with a local or cloud root`,
      );
    }
    return `${root.replace(/\/+$/, '')}/${rel}`;
  }

  // ---- transport ----

  private async get<T>(path: string, query: Record<string, string>): Promise<T> {
    const qs = new URLSearchParams(query).toString();
    const res = await this.request('GET', `${this.baseUrl}/api/2.0/${path}?${qs}`);
    return (await res.json()) as T;
  }

  private async post<T = unknown>(path: string, body: unknown): Promise<T> {
    const res = await this.request(
      'POST',
      `${this.baseUrl}/api/2.0/${path}`,
      JSON.stringify(body),
      'application/json',
    );
    const text = await res.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  private async request(
    method: string,
    url: string,
    body?: string | Buffer,
    contentType?: string,
  ): Promise<Response> {
    const where = `${method} ${this.scrub(url.replace(/\?.*$/, ''))}`;
    return withRetry(
      async () => {
        const headers: Record<string, string> = { ...this.extraHeaders };
        if (this.auth) headers.Authorization = this.auth;
        if (contentType) headers['Content-Type'] = contentType;
        let res: Response;
        try {
          res = await this.doFetch(url, {
            method,
            headers,
            ...(body !== undefined ? { body } : {}),
            signal: AbortSignal.timeout(this.timeoutMs),
          });
        } catch (err) {
          const cause = (err as { cause?: { code?: string; message?: string } }).cause;
          const reason = cause?.code ?? cause?.message ?? (err as Error).message;
          throw new MlflowError(this.scrub(`MLflow server unreachable: ${where}: ${reason}`));
        }
        if (res.ok) return res;
        const text = await res.text().catch(() => '');
        let code: string | undefined;
        let detail = text.slice(0, 500);
        try {
          const j = JSON.parse(text) as { error_code?: string; message?: string };
          code = j.error_code;
          detail = j.message ?? detail;
        } catch {
          // not JSON (a proxy's HTML page): keep the start of the body
        }
        const hint =
          res.status === 401 || res.status === 403
            ? ' (check MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD or MLFLOW_TRACKING_TOKEN)'
            : '';
        throw new MlflowError(
          this.scrub(
            `MLflow ${where} failed: ${res.status} ${code ?? ''} ${detail}${hint}`
              .replace(/\s+/g, ' ')
              .trim(),
          ),
          res.status,
          code,
        );
      },
      (err) => err instanceof MlflowError && err.transient,
      this.retry,
    );
  }
}

/** Responses leave out empty arrays and objects; give callers a `data` object always. */
function normalizeRun(run: Run): Run {
  return { info: run.info, data: run.data ?? {} };
}
