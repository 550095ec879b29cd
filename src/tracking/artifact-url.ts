/** Where a run's artifacts are uploaded: the server's proxied artifact API (`mlflow server --serve-artifacts`). */
import { extname } from 'node:path';
import { MlflowConfigError } from './mlflow-config.js';
import { redactUris } from './redact.js';

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

/** The Content-Type to upload a file with (the UI previews by extension anyway). */
export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a run's artifact URI to the proxy URL, as MLflow's own MlflowArtifactsRepository does:
 * `mlflow-artifacts:/<p>` → `<baseUrl>/api/2.0/mlflow-artifacts/artifacts/<p>`; `mlflow-artifacts://host:port/<p>`
 * takes that host with the tracking URI's scheme; proxy URLs are used as they are. Other roots cannot be proxied.
 */
export function artifactUrl(baseUrl: string, artifactUri: string, artifactPath: string): string {
  const rel = artifactPath
    .split('/')
    .filter((p) => p !== '')
    .map(encodeURIComponent)
    .join('/');
  let root: string;
  const m = /^mlflow-artifacts:(?:\/\/([^/]+))?\/?(.*)$/.exec(artifactUri);
  if (m) {
    const base = m[1] ? `${new URL(baseUrl).protocol}//${m[1]}` : baseUrl;
    root = `${base}/api/2.0/mlflow-artifacts/artifacts/${m[2]}`;
  } else if (/^https?:\/\/.*\/api\/2\.0\/mlflow-artifacts\/artifacts\//.test(artifactUri)) {
    root = artifactUri;
  } else {
    throw new MlflowConfigError(
      `run artifact root "${redactUris(artifactUri)}" is not served by the tracking server; start the server ` +
        `with --serve-artifacts (the default) and use a trellis-created experiment, not one with a local or cloud root`,
    );
  }
  return `${root.replace(/\/+$/, '')}/${rel}`;
}
