// Picks the tfjs back end a run trains on: the one the user asked for, or with `auto` the
// fastest that starts and passes the self-test. Says what it chose and why.
import type { Backend } from '../schema/generated/experiment.js';
import {
  AUTO_ORDER,
  TFJS_NAME,
  nodeEnvironment,
  startBackend,
  type BackendEnvironment,
  type ConcreteBackend,
} from './backend-candidates.js';
import { runBackendSelfTest } from './backend-self-test.js';

export type { BackendEnvironment, ConcreteBackend } from './backend-candidates.js';
export { createNodeEnvironment } from './backend-candidates.js';

export const BACKEND_NAMES: readonly Backend[] = ['auto', ...AUTO_ORDER];

export interface BackendAttempt {
  name: ConcreteBackend;
  ok: boolean;
  why: string;
}

export interface BackendSelection {
  /** The back end now active. */
  name: ConcreteBackend;
  /** Its tfjs registry name (`tf.getBackend()`). */
  tfjsName: string;
  reason: string;
  tried: BackendAttempt[];
}

export interface SelectBackendOptions {
  env?: BackendEnvironment;
  /** Candidates for `auto`, fastest first (default tfjs-node-gpu, tfjs-node, wasm, cpu). */
  order?: readonly ConcreteBackend[];
}

/**
 * Makes a back end active and returns which one and why. A named back end that fails is an
 * error (no silent fallback); `auto` goes down the order until one starts and passes the test.
 */
export async function selectBackend(
  requested: Backend,
  opts: SelectBackendOptions = {},
): Promise<BackendSelection> {
  const env = opts.env ?? nodeEnvironment;
  const candidates = requested === 'auto' ? (opts.order ?? AUTO_ORDER) : [requested];
  const tried: BackendAttempt[] = [];
  for (const name of candidates) {
    const attempt = await tryBackend(name, env);
    tried.push(attempt);
    if (attempt.ok) {
      const reason =
        requested === 'auto'
          ? `auto: ${tried.map((t) => `${t.name} ${t.ok ? 'ok' : 'skipped'} (${t.why})`).join('; ')}`
          : `requested: ${attempt.why}`;
      return { name, tfjsName: TFJS_NAME[name], reason, tried };
    }
  }
  const detail = tried.map((t) => `${t.name}: ${t.why}`).join('; ');
  const fix =
    requested === 'auto' ? 'reinstall the dependencies (npm ci)' : `use backend: auto, or fix ${requested}`;
  throw new Error(`backend '${requested}' could not be started (${detail}); ${fix}`);
}

async function tryBackend(name: ConcreteBackend, env: BackendEnvironment): Promise<BackendAttempt> {
  const started = await startBackend(name, env);
  if (!started.ok) return { name, ok: false, why: started.why };
  const test = runBackendSelfTest();
  return { name, ok: test.ok, why: test.ok ? `${started.why}; ${test.why}` : test.why };
}

/** One line for the run log: `backend: wasm (auto: tfjs-node-gpu skipped (...); ...)`. */
export function describeBackendSelection(selection: BackendSelection): string {
  return `backend: ${selection.name} (${selection.reason})`;
}

export type BackendRequestSource = 'flag' | 'TRELLIS_BACKEND' | 'spec' | 'default';

export interface BackendRequest {
  requested: Backend;
  source: BackendRequestSource;
}

/**
 * The back end asked for, by precedence: the --backend flag, then the TRELLIS_BACKEND
 * environment variable, then the spec's `backend`, then `auto`.
 */
export function resolveBackendRequest(from: {
  flag?: string;
  env?: NodeJS.ProcessEnv;
  spec?: Backend;
}): BackendRequest {
  const envValue = from.env?.TRELLIS_BACKEND;
  if (from.flag != null && from.flag !== '')
    return { requested: parseBackendName(from.flag, '--backend'), source: 'flag' };
  if (envValue != null && envValue !== '')
    return { requested: parseBackendName(envValue, 'TRELLIS_BACKEND'), source: 'TRELLIS_BACKEND' };
  if (from.spec != null) return { requested: from.spec, source: 'spec' };
  return { requested: 'auto', source: 'default' };
}

/** Checks a back-end name typed outside the spec (flag, environment). */
export function parseBackendName(value: string, where: string): Backend {
  const found = BACKEND_NAMES.find((b) => b === value.trim());
  if (found) return found;
  throw new Error(`${where}: unknown back end "${value}"; use one of ${BACKEND_NAMES.join(', ')}`);
}
