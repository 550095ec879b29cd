/**
 * Which GPU each local worker gets: GPUs are found from CUDA_VISIBLE_DEVICES or nvidia-smi, and each
 * worker slot is bound to one of them (round robin, `trials_per_gpu` slots per GPU).
 */
import { execa } from 'execa';

export interface WorkerSlot {
  /** The CUDA_VISIBLE_DEVICES value for trials in this slot; undefined: no GPU. */
  readonly gpu?: string;
}

/** Devices listed in CUDA_VISIBLE_DEVICES; undefined when the variable is not set (pure). */
export function parseVisibleDevices(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  // CUDA treats an invalid id (conventionally -1) as the end of the list: everything after it is hidden.
  const cut = ids.findIndex((s) => s === '-1' || s === 'NoDevFiles');
  return cut === -1 ? ids : ids.slice(0, cut);
}

/** GPU ids visible to this process: CUDA_VISIBLE_DEVICES when set, else nvidia-smi's list, else none. */
export async function detectGpus(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const visible = parseVisibleDevices(env.CUDA_VISIBLE_DEVICES);
  if (visible) return visible;
  try {
    const r = await execa('nvidia-smi', ['--query-gpu=index', '--format=csv,noheader'], {
      timeout: 10_000,
      reject: false,
    });
    if (r.exitCode !== 0) return [];
    return String(r.stdout)
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => /^\d+$/.test(s));
  } catch {
    return [];
  }
}

/** The GPUs to use from the spec's `gpus` (count or indices) and the detected ones (pure). */
export function chooseGpus(
  spec: number | readonly number[] | undefined,
  detected: readonly string[],
): string[] {
  if (spec === undefined) return [...detected];
  if (typeof spec === 'number') {
    return detected.length > 0 ? detected.slice(0, spec) : Array.from({ length: spec }, (_, i) => String(i));
  }
  return spec.map(String);
}

/**
 * One slot per worker (pure). With GPUs: at most gpus × trialsPerGpu workers, slot i on GPU i mod n so
 * that the first workers spread over distinct GPUs. Without: `workers`, default one per core.
 */
export function planWorkerSlots(args: {
  gpus: readonly string[];
  trialsPerGpu: number;
  workers?: number;
  cores: number;
}): WorkerSlot[] {
  const { gpus, trialsPerGpu } = args;
  if (gpus.length === 0) return Array.from({ length: Math.max(1, args.workers ?? args.cores) }, () => ({}));
  const capacity = gpus.length * Math.max(1, trialsPerGpu);
  const n = Math.max(1, Math.min(args.workers ?? capacity, capacity));
  return Array.from({ length: n }, (_, i) => ({ gpu: gpus[i % gpus.length] }));
}
