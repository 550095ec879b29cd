// How each back end is found and started. This is the I/O edge of back-end selection: it
// resolves packages, looks for a CUDA GPU and switches the global tfjs back end.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Backend } from '../schema/generated/experiment.js';
import { installCpuResizeGradients } from './cpu-resize-gradients.js';
import { installWasmTrainingKernels } from './wasm-training-kernels.js';

export type ConcreteBackend = Exclude<Backend, 'auto'>;

/** Fastest first: the order `auto` tries. */
export const AUTO_ORDER: readonly ConcreteBackend[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];

/** The name tfjs registers each back end under. */
export const TFJS_NAME: Readonly<Record<ConcreteBackend, string>> = {
  'tfjs-node-gpu': 'tensorflow',
  'tfjs-node': 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

const NATIVE_PACKAGE = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  'tfjs-node': '@tensorflow/tfjs-node',
} as const;

/** What starting a back end needs from the outside world; tests replace these. */
export interface BackendEnvironment {
  /** Resolves a package name to its entry file, or undefined when it is not installed. */
  resolvePackage(name: string): string | undefined;
  importPackage(name: string): Promise<unknown>;
  /** Says whether a CUDA GPU is visible, and how it knows. */
  findCudaGpu(): { visible: boolean; how: string };
}

export interface StartResult {
  ok: boolean;
  why: string;
}

const require = createRequire(import.meta.url);

/**
 * The real environment. `nativeFrom` is a Node project folder to find the optional native packages
 * in instead of this one (a tfjs-node built elsewhere, see docs/native-backend.md); its
 * @tensorflow/tfjs must resolve to this project's copy, or the back end registers with another engine.
 */
export function createNodeEnvironment(opts: { nativeFrom?: string } = {}): BackendEnvironment {
  const resolver = opts.nativeFrom ? createRequire(join(opts.nativeFrom, 'package.json')) : require;
  const resolvePackage = (name: string): string | undefined => {
    try {
      return resolver.resolve(name);
    } catch {
      return undefined;
    }
  };
  return {
    resolvePackage,
    // by path at run time, so the project installs and type-checks without the native packages
    importPackage: (name) => import(pathToFileURL(resolvePackage(name) ?? name).href),
    findCudaGpu,
  };
}

export const nodeEnvironment: BackendEnvironment = createNodeEnvironment();

/** Starts `name` and makes it the active tfjs back end; never throws. */
export async function startBackend(name: ConcreteBackend, env: BackendEnvironment): Promise<StartResult> {
  try {
    if (name === 'cpu') return await startCpu();
    if (name === 'wasm') return await startWasm();
    return await startNative(name, env);
  } catch (e) {
    return { ok: false, why: `failed to start: ${(e as Error).message.split('\n')[0]}` };
  }
}

async function startCpu(): Promise<StartResult> {
  const started = await activate('cpu', 'pure-JavaScript back end, always available');
  if (started.ok) installCpuResizeGradients();
  return started;
}

async function startWasm(): Promise<StartResult> {
  if (tf.findBackend('wasm') == null) {
    // the Node build fetches its .wasm files relative to this prefix: a folder path with a slash
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  }
  const started = await activate('wasm', 'XNNPACK, SIMD, one thread');
  if (started.ok) installWasmTrainingKernels();
  return started;
}

async function startNative(
  name: 'tfjs-node' | 'tfjs-node-gpu',
  env: BackendEnvironment,
): Promise<StartResult> {
  const pkg = NATIVE_PACKAGE[name];
  if (env.resolvePackage(pkg) == null) {
    return { ok: false, why: `${pkg} is not installed (optional; see docs/native-backend.md)` };
  }
  if (name === 'tfjs-node-gpu') {
    const gpu = env.findCudaGpu();
    if (!gpu.visible) return { ok: false, why: `no CUDA GPU visible (${gpu.how})` };
  }
  await env.importPackage(pkg);
  return activate('tensorflow', `${pkg} (libtensorflow)`);
}

async function activate(tfjsName: string, what: string): Promise<StartResult> {
  const ok = await tf.setBackend(tfjsName);
  await tf.ready();
  if (!ok || tf.getBackend() !== tfjsName)
    return { ok: false, why: `tfjs could not initialise the '${tfjsName}' back end` };
  return { ok: true, why: what };
}

function findCudaGpu(): { visible: boolean; how: string } {
  const procDir = '/proc/driver/nvidia/gpus';
  if (existsSync(procDir) && readdirSync(procDir).length > 0) return { visible: true, how: procDir };
  try {
    const out = execFileSync('nvidia-smi', ['-L'], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    if (/^GPU \d+/m.test(out)) return { visible: true, how: 'nvidia-smi -L' };
    return { visible: false, how: 'nvidia-smi -L lists no GPU' };
  } catch {
    return { visible: false, how: `no ${procDir} and no working nvidia-smi` };
  }
}
