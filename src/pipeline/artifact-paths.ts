import { join, resolve } from 'node:path';

/**
 * Where trellis writes: `artifacts/` under the project (override with TRELLIS_ARTIFACTS), with
 * `<experiment>/<sweep>/trials/<trialId>/` per trial and `.cache/{stages,data}` shared by all trials.
 */
export function artifactsRoot(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  return resolve(cwd, env.TRELLIS_ARTIFACTS ?? 'artifacts');
}

export function stageCacheRoot(artifacts: string): string {
  return join(artifacts, '.cache', 'stages');
}

export function dataCacheRoot(artifacts: string): string {
  return join(artifacts, '.cache', 'data');
}
