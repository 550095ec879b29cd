/**
 * Keeps credentials out of everything we print or record: URIs lose their `user:pass@`, and the values of
 * the secret environment variables are replaced wherever they occur (error bodies, params, tags, logs).
 */

/** Environment variables whose values are secrets and must never be written anywhere. */
export const SECRET_ENV_VARS = [
  'MLFLOW_TRACKING_PASSWORD',
  'MLFLOW_TRACKING_TOKEN',
  'DATABRICKS_TOKEN',
] as const;

const MASK = '***';

/** `https://alice:s3cret@host/x` → `https://***@host/x`, anywhere inside `text`. */
export function redactUris(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi, `$1${MASK}@`);
}

/** The secret values present in `env` (short values are ignored: masking "a" would mangle every message). */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const values: string[] = [];
  for (const name of SECRET_ENV_VARS) {
    const v = env[name];
    if (v && v.length >= 4) values.push(v, encodeURIComponent(v), Buffer.from(v).toString('base64'));
  }
  const user = env.MLFLOW_TRACKING_USERNAME;
  const pass = env.MLFLOW_TRACKING_PASSWORD;
  if (user && pass) values.push(Buffer.from(`${user}:${pass}`).toString('base64'));
  // Longest first, so a value that contains another is masked whole.
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

/** Redacts URI credentials and every known secret value. */
export function scrubSecrets(text: string, secrets: readonly string[] = secretValues()): string {
  let out = redactUris(text);
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}
