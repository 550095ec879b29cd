/** The sbatch command line for one job array of trials, from the runner spec (pure). */
import type { SlurmRunnerSpec } from '../../src/schema/generated/experiment.js';

export const DEFAULT_SIGNAL_BEFORE_TIMEOUT_S = 120;

export function sbatchArgs(args: {
  spec: Partial<SlurmRunnerSpec>;
  count: number;
  parallelism?: number;
  jobName: string;
  cwd: string;
  logPattern: string;
  wrapper: string;
  manifest: string;
}): string[] {
  const { spec, count } = args;
  const throttle = args.parallelism ?? spec.array_parallelism;
  const out = [
    '--parsable',
    `--array=0-${count - 1}${throttle !== undefined && throttle < count ? `%${throttle}` : ''}`,
    `--job-name=${args.jobName}`,
    `--chdir=${args.cwd}`,
    `--output=${args.logPattern}`,
    '--open-mode=append',
    '--ntasks=1',
    `--cpus-per-task=${spec.cpus_per_task ?? 1}`,
  ];
  const signalS = spec.signal_before_timeout_s ?? DEFAULT_SIGNAL_BEFORE_TIMEOUT_S;
  if (signalS > 0) out.push(`--signal=B:USR1@${signalS}`);
  if (spec.mem) out.push(`--mem=${spec.mem}`);
  if (spec.gres) out.push(`--gres=${spec.gres}`);
  if (spec.time) out.push(`--time=${spec.time}`);
  if (spec.partition) out.push(`--partition=${spec.partition}`);
  if (spec.account) out.push(`--account=${spec.account}`);
  if (spec.qos) out.push(`--qos=${spec.qos}`);
  out.push(...(spec.extra_args ?? []), args.wrapper, args.manifest);
  return out;
}

/** Splits n items into arrays of at most maxSize (the cluster's MaxArraySize). */
export function chunkForArrays<T>(items: readonly T[], maxSize: number): T[][] {
  const size = Math.max(1, maxSize);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `MaxArraySize` from `scontrol show config`: indices run 0..MaxArraySize-1. */
export function parseMaxArraySize(configText: string): number | undefined {
  const m = /^\s*MaxArraySize\s*=\s*(\d+)/m.exec(configText);
  return m ? Number(m[1]) : undefined;
}
