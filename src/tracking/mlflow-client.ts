/**
 * A small typed client for the MLflow tracking REST API (2.x/3.x servers): experiments, runs, batched
 * logging, tags, metric history and artifact upload through the server's proxied artifact API.
 * Every request retries on 429, 5xx and connection errors; no message it produces contains credentials.
 */
import { readFile } from 'node:fs/promises';
import { artifactUrl, contentTypeFor } from './artifact-url.js';
import { connectionFromEnv } from './mlflow-config.js';
import { MlflowError, MlflowTransport, type MlflowTransportOptions } from './mlflow-transport.js';
import type { ArtifactFile, Experiment, Run, RunInfo, RunStatus, ViewType } from './mlflow-types.js';
import {
  splitBatch,
  truncateValue,
  wireNumber,
  MAX_PARAM_VALUE_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  type KeyValue,
  type Metric,
} from './log-batch-limits.js';

export { MlflowError } from './mlflow-transport.js';
export type * from './mlflow-types.js';
export type MlflowClientOptions = MlflowTransportOptions;

export class MlflowClient {
  readonly baseUrl: string;
  private readonly http: MlflowTransport;

  constructor(options: MlflowClientOptions) {
    this.http = new MlflowTransport(options);
    this.baseUrl = this.http.baseUrl;
  }

  /** A client for MLFLOW_TRACKING_URI, or undefined when it is unset. */
  static fromEnv(options: Omit<MlflowClientOptions, 'connection'> = {}): MlflowClient | undefined {
    const connection = connectionFromEnv();
    return connection ? new MlflowClient({ ...options, connection }) : undefined;
  }

  /** Text safe to print: no URI credentials, no secret env values, no auth header. */
  scrub(text: string): string {
    return this.http.scrub(text);
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
    await this.request('PUT', url, body, contentTypeFor(localPath));
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

  /** The proxy URL of `artifactPath` under a run's artifact root. */
  artifactUrl(artifactUri: string, artifactPath: string): string {
    return artifactUrl(this.baseUrl, artifactUri, artifactPath);
  }

  private get<T>(path: string, query: Record<string, string>): Promise<T> {
    return this.http.get<T>(path, query);
  }

  private post<T = unknown>(path: string, body: unknown): Promise<T> {
    return this.http.post<T>(path, body);
  }

  private request(
    method: string,
    url: string,
    body?: string | Buffer,
    contentType?: string,
  ): Promise<Response> {
    return this.http.request(method, url, body, contentType);
  }
}

/** Responses leave out empty arrays and objects; give callers a `data` object always. */
function normalizeRun(run: Run): Run {
  return { info: run.info, data: run.data ?? {} };
}
