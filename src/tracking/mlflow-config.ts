/**
 * Reads the MLflow connection from the environment only (never from a spec): MLFLOW_TRACKING_URI plus
 * either MLFLOW_TRACKING_USERNAME/PASSWORD (Basic) or MLFLOW_TRACKING_TOKEN (Bearer), as the Python client does.
 */
import { redactUris } from './redact.js';

export interface MlflowConnection {
  /** Base URL without credentials and without a trailing slash, e.g. `http://127.0.0.1:5000`. */
  readonly baseUrl: string;
  /** The `Authorization` header value, if any. Never print it. */
  readonly authorization?: string;
  /** Extra headers (e.g. `X-MLFLOW-WORKSPACE`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Secret values in use (password, token), masked in every message the client makes. */
  readonly secrets?: readonly string[];
}

export class MlflowConfigError extends Error {
  override name = 'MlflowConfigError';
}

/**
 * Parses a tracking URI. `user:pass@` inside the URI is accepted (Node's fetch refuses URLs with
 * credentials, so they move to a Basic header); the env credentials win when both are present.
 */
export function resolveConnection(uri: string, env: NodeJS.ProcessEnv = process.env): MlflowConnection {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new MlflowConfigError(
      `MLFLOW_TRACKING_URI "${redactUris(uri)}" is not a URL; set it to the server address, e.g. http://127.0.0.1:5000`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MlflowConfigError(
      `MLFLOW_TRACKING_URI "${redactUris(uri)}" uses ${url.protocol}; trellis talks to an MLflow server over http(s). ` +
        `For a database or a folder, run "mlflow server --backend-store-uri <uri>" (or "npm run mlflow") and point MLFLOW_TRACKING_URI at it`,
    );
  }
  let authorization: string | undefined;
  const secrets: string[] = [];
  if (url.username) {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    if (pass) secrets.push(pass);
    authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const user = env.MLFLOW_TRACKING_USERNAME;
  const pass = env.MLFLOW_TRACKING_PASSWORD;
  if (user && pass) {
    authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    secrets.push(pass);
  } else if (env.MLFLOW_TRACKING_TOKEN) {
    authorization = `Bearer ${env.MLFLOW_TRACKING_TOKEN}`;
    secrets.push(env.MLFLOW_TRACKING_TOKEN);
  }
  const headers: Record<string, string> = {};
  if (env.MLFLOW_WORKSPACE) headers['X-MLFLOW-WORKSPACE'] = env.MLFLOW_WORKSPACE;
  const baseUrl = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return {
    baseUrl,
    ...(authorization ? { authorization } : {}),
    headers,
    secrets: secrets.filter((x) => x.length >= 4),
  };
}

/** The connection from MLFLOW_TRACKING_URI, or undefined when it is unset (offline mode). */
export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): MlflowConnection | undefined {
  const uri = env.MLFLOW_TRACKING_URI?.trim();
  return uri ? resolveConnection(uri, env) : undefined;
}
