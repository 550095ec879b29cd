/**
 * One run's recorder, used by the trial runner and the sweep orchestrator. Every call only appends to
 * memory; `flush()` writes the local event log synchronously (cheap) and then uploads in the background.
 * Nothing here throws into training: upload failures become one warning and stay in the local log, to be
 * sent on a later flush or by `trellis sync`.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, posix } from 'node:path';
import { appendEvents, readEvents, type ParentRef, type TrackingEvent } from './event-log.js';
import { flattenConfig } from './flatten-config.js';
import type { Metric } from './log-batch-limits.js';
import { MlflowError, type MlflowClient, type RunStatus } from './mlflow-client.js';
import { scrubSecrets, secretValues } from './redact.js';
import { readSyncState } from './sync-state.js';
import { syncRunLog } from './sync-run.js';
import { runUrl } from './ui-links.js';

export const TAG_HOST = 'trellis.host';
export const TAG_PID = 'trellis.pid';
export const TAG_HEARTBEAT = 'trellis.heartbeat_ms';
export type EndStatus = Extract<RunStatus, 'FINISHED' | 'FAILED' | 'KILLED'>;

export interface RunTrackerOptions {
  readonly logDir: string;
  /** Where to upload; undefined records locally only. */
  readonly client?: MlflowClient;
  /** Trials wait for their parent to reach the server; the sweep run has none. */
  readonly createMissingParent: boolean;
  readonly flushIntervalMs?: number;
  readonly heartbeatMs?: number;
  /** First wait after a failed upload before trying again; doubles up to 5 minutes. */
  readonly retryCooldownMs?: number;
  readonly warn?: (message: string) => void;
}

const TEXT_EXTENSIONS = new Set([
  '.yaml',
  '.yml',
  '.json',
  '.txt',
  '.md',
  '.csv',
  '.log',
  '.html',
  '.tsv',
  '.ini',
]);

export class RunTracker {
  readonly logDir: string;
  readonly trackingId: string;
  readonly runName: string;
  readonly parent?: ParentRef;
  private client?: MlflowClient;
  private readonly options: RunTrackerOptions;
  private buffer: TrackingEvent[] = [];
  private uploading: Promise<void> = Promise.resolve();
  private queued = false;
  private nextAttemptAt = 0;
  private cooldownMs: number;
  private outage = false;
  private lastHeartbeat = 0;
  private timer?: NodeJS.Timeout;
  private ended = false;
  private knownRunId?: string;

  /** Use openSweepRun / openTrialRun; this takes an already-written or resumed log. */
  constructor(open: Extract<TrackingEvent, { type: 'open' }>, options: RunTrackerOptions) {
    this.logDir = options.logDir;
    this.trackingId = open.trackingId;
    this.runName = open.runName;
    this.parent = open.parent;
    this.client = options.client;
    this.options = options;
    this.cooldownMs = options.retryCooldownMs ?? 30_000;
    const interval = options.flushIntervalMs ?? 30_000;
    this.timer = setInterval(() => void this.flush(), interval);
    this.timer.unref();
  }

  /** What a trial needs to nest under this run (serialisable; see parentRefToEnv). */
  get ref(): ParentRef {
    return { trackingId: this.trackingId, runName: this.runName };
  }

  /** The MLflow run id once the run has reached the server. */
  get runId(): string | undefined {
    return (
      this.knownRunId ??
      (this.client ? readSyncState(this.logDir).servers[this.client.baseUrl]?.runId || undefined : undefined)
    );
  }

  /** The run's page in the MLflow UI once the run has reached the server (for printing). */
  get url(): string | undefined {
    const s = this.client ? readSyncState(this.logDir).servers[this.client.baseUrl] : undefined;
    return s?.runId && this.client ? runUrl(this.client.baseUrl, s.experimentId, s.runId) : undefined;
  }

  /** Logs a (nested) config as params with dotted keys. Params are immutable in MLflow: log each key once. */
  logParams(config: Readonly<Record<string, unknown>>): void {
    const params = flattenConfig(config);
    if (Object.keys(params).length > 0) this.buffer.push({ type: 'params', params });
  }

  /**
   * Logs values measured at one step (an epoch, or the final evaluation). With `prefix` the keys become
   * `<prefix>/<key>`, e.g. `denoiser/train_loss`, which the UI groups into a section per stage.
   */
  logMetrics(
    values: Readonly<Record<string, number>>,
    at: { step: number; prefix?: string; timestamp?: number },
  ): void {
    const timestamp = at.timestamp ?? Date.now();
    const metrics: Metric[] = Object.entries(values).map(([key, value]) => ({
      key: at.prefix ? `${at.prefix}/${key}` : key,
      value,
      step: at.step,
      timestamp,
    }));
    if (metrics.length > 0) this.buffer.push({ type: 'metrics', metrics });
  }

  setTags(tags: Readonly<Record<string, string>>): void {
    if (Object.keys(tags).length > 0) this.buffer.push({ type: 'tags', tags: { ...tags } });
  }

  /**
   * Copies a file or folder now (later changes to it are not recorded) and records it for upload to
   * `<artifactPath>/<basename>`, like MLflow's log_artifact. Text files have secret values masked.
   * Returns false (with a warning) when the path cannot be read.
   */
  logArtifact(localPath: string, artifactPath = ''): boolean {
    try {
      const dest = posix.join(artifactPath.split('\\').join('/'), basename(localPath));
      for (const rel of listFiles(localPath)) {
        const src = rel ? join(localPath, rel) : localPath;
        const target = rel ? posix.join(dest, rel.split('\\').join('/')) : dest;
        const file = posix.join('artifacts', target);
        mkdirSync(dirname(join(this.logDir, file)), { recursive: true });
        copyScrubbed(src, join(this.logDir, file));
        this.buffer.push({ type: 'artifact', file, artifactPath: target });
      }
      return true;
    } catch (err) {
      this.warn(`artifact ${localPath} not recorded: ${(err as Error).message}`);
      return false;
    }
  }

  /** Writes buffered records to the local log and starts an upload; resolves when that attempt ends. Never rejects. */
  flush(): Promise<void> {
    this.writeBuffer();
    if (!this.client) return Promise.resolve();
    if (this.queued) return this.uploading;
    this.queued = true;
    this.uploading = this.uploading.then(async () => {
      this.queued = false;
      await this.tryUpload(false);
    });
    return this.uploading;
  }

  /** Ends the run: records the status, flushes, and makes one last upload attempt. Never rejects. */
  async end(status: EndStatus): Promise<void> {
    if (this.ended) return;
    this.endSync(status);
    await this.uploading;
    if (this.client) {
      await this.tryUpload(true);
      const pending = this.pendingEvents();
      if (pending > 0) {
        this.warn(
          `${pending} tracking events of ${this.runName} are only in ${this.logDir}; upload them with "trellis sync"`,
        );
      }
    }
  }

  /** Records the end synchronously (for signal and exit handlers); a later sync or start uploads it. */
  endSync(status: EndStatus): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.timer);
    this.buffer.push({ type: 'end', at: Date.now(), status });
    this.writeBuffer();
  }

  /** Events in the local log that have not reached the server. */
  pendingEvents(): number {
    const total = readEvents(this.logDir).length;
    if (!this.client) return total;
    return total - (readSyncState(this.logDir).servers[this.client.baseUrl]?.uploaded ?? 0);
  }

  private writeBuffer(): void {
    const now = Date.now();
    if (!this.ended && now - this.lastHeartbeat >= (this.options.heartbeatMs ?? 30_000)) {
      this.lastHeartbeat = now;
      this.buffer.push({ type: 'tags', tags: { [TAG_HEARTBEAT]: String(now) } });
    }
    const events = this.buffer;
    this.buffer = [];
    try {
      appendEvents(this.logDir, events);
    } catch (err) {
      // The disk is the last resort; keep the records in memory and say so once per failure.
      this.buffer = [...events, ...this.buffer];
      this.warn(`cannot write ${this.logDir}: ${(err as Error).message}`);
    }
  }

  private async tryUpload(force: boolean): Promise<void> {
    const client = this.client;
    if (!client || (!force && Date.now() < this.nextAttemptAt)) return;
    try {
      const r = await syncRunLog({
        client,
        logDir: this.logDir,
        createMissingParent: this.options.createMissingParent,
        warn: (m) => this.warn(m),
      });
      if (r.runId) this.knownRunId = r.runId;
      if (this.outage && r.pendingEvents === 0) {
        this.outage = false;
        this.warn(`MLflow at ${client.scrub(client.baseUrl)} is reachable again; ${this.runName} caught up`);
      }
      this.cooldownMs = this.options.retryCooldownMs ?? 30_000;
    } catch (err) {
      const transient = err instanceof MlflowError && err.transient;
      if (!this.outage) {
        this.warn(
          `MLflow upload for ${this.runName} failed (${client.scrub((err as Error).message)}); recording locally in ` +
            `${this.logDir}${transient ? ', retrying later' : ''}. "trellis sync" uploads what is left`,
        );
      }
      this.outage = true;
      if (!transient && !(err instanceof MlflowError)) this.client = undefined; // a bug or bad log: stop trying
      this.nextAttemptAt = Date.now() + this.cooldownMs;
      this.cooldownMs = Math.min(this.cooldownMs * 2, 300_000);
    }
  }

  private warn(message: string): void {
    (this.options.warn ?? defaultWarn)(scrubSecrets(message));
  }
}

function defaultWarn(message: string): void {
  process.stderr.write(`trellis: warning: ${message}\n`);
}

/** '' for a file, else the relative paths of every file under the folder. */
function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [''];
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(path, rel)).sort()) {
      const r = rel ? join(rel, name) : name;
      if (statSync(join(path, r)).isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out;
}

function copyScrubbed(src: string, dest: string): void {
  if (TEXT_EXTENSIONS.has(extname(src).toLowerCase()) && statSync(src).size < 20_000_000) {
    const text = readFileSync(src, 'utf8');
    const clean = scrubSecrets(text, secretValues());
    if (clean !== text) {
      writeFileSync(dest, clean);
      return;
    }
  }
  copyFileSync(src, dest);
}
