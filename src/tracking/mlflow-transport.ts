/**
 * HTTP to an MLflow server: JSON in and out, auth header, per-request timeout, retries with backoff on
 * 429, 5xx and connection errors, and error messages with every credential masked.
 */
import type { MlflowConnection } from './mlflow-config.js';
import { scrubSecrets, secretValues } from './redact.js';
import { DEFAULT_RETRY, isRetryableStatus, withRetry, type RetryPolicy } from './retry.js';

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

export interface MlflowTransportOptions {
  readonly connection: MlflowConnection;
  readonly retry?: RetryPolicy;
  /** Per-request timeout (ms). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export class MlflowTransport {
  readonly baseUrl: string;
  private readonly auth?: string;
  private readonly extraHeaders: Readonly<Record<string, string>>;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;
  private readonly secrets: string[];

  constructor(options: MlflowTransportOptions) {
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

  /** Text safe to print: no URI credentials, no secret env values, no auth header. */
  scrub(text: string): string {
    return scrubSecrets(text, this.secrets);
  }

  async get<T>(path: string, query: Record<string, string>): Promise<T> {
    const qs = new URLSearchParams(query).toString();
    const res = await this.request('GET', `${this.baseUrl}/api/2.0/${path}?${qs}`);
    return (await res.json()) as T;
  }

  async post<T = unknown>(path: string, body: unknown): Promise<T> {
    const res = await this.request(
      'POST',
      `${this.baseUrl}/api/2.0/${path}`,
      JSON.stringify(body),
      'application/json',
    );
    const text = await res.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  async request(
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
