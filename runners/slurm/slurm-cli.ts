/** The Slurm commands the runner uses (sbatch, scontrol, sacct, scancel), with errors that say what to fix. */
import { execa } from 'execa';
import { parseMaxArraySize } from './sbatch-args.js';
import { parseSacctRows, parseScontrolJobs, type SlurmTaskRecord } from './job-records.js';

const TIMEOUT_MS = 60_000;

async function slurm(
  cmd: string,
  args: readonly string[],
): Promise<{ ok: boolean; stdout: string; stderr: string; missing: boolean }> {
  const r = await execa(cmd, args, { reject: false, timeout: TIMEOUT_MS, stdin: 'ignore' });
  return {
    ok: r.exitCode === 0,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? r.shortMessage ?? ''),
    missing: (r as { code?: string }).code === 'ENOENT',
  };
}

/** Submits and returns the job id (`--parsable` prints `id` or `id;cluster`). */
export async function sbatch(args: readonly string[]): Promise<string> {
  const r = await slurm('sbatch', args);
  if (r.missing)
    throw new Error(
      'sbatch not found: run trellis on a Slurm login node (or set PATH), with SLURM_CONF set if the cluster needs it',
    );
  if (!r.ok) throw new Error(`sbatch ${args.join(' ')} failed: ${r.stderr.trim() || r.stdout.trim()}`);
  const id = r.stdout.trim().split(';')[0];
  if (!/^\d+$/.test(id)) throw new Error(`sbatch printed "${r.stdout.trim()}" instead of a job id`);
  return id;
}

export async function readClusterMaxArraySize(): Promise<number | undefined> {
  const r = await slurm('scontrol', ['show', 'config']);
  return r.ok ? parseMaxArraySize(r.stdout) : undefined;
}

/**
 * Every task record of a job: from scontrol while Slurm remembers the job (MinJobAge), else from sacct when
 * accounting is on. `gone`: neither knows it; `undefined`: Slurm did not answer (try again later).
 */
export async function queryJob(jobId: string): Promise<SlurmTaskRecord[] | 'gone' | undefined> {
  const r = await slurm('scontrol', ['-o', 'show', 'job', jobId]);
  if (r.ok) return parseScontrolJobs(r.stdout);
  if (!/Invalid job id/i.test(r.stderr)) return undefined;
  const s = await slurm('sacct', ['-n', '-X', '-P', '-o', 'JobID,State,ExitCode,NodeList', '-j', jobId]);
  const rows = s.ok ? parseSacctRows(s.stdout) : [];
  return rows.length > 0 ? rows : 'gone';
}

export async function scancel(jobIds: readonly string[]): Promise<void> {
  if (jobIds.length === 0) return;
  const r = await slurm('scancel', jobIds);
  if (!r.ok && !r.missing) process.emitWarning(`scancel ${jobIds.join(' ')}: ${r.stderr.trim()}`);
}
