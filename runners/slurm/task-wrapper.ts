/**
 * The bash script every array task runs. It finds its trial through the manifest (line i+1 for task i),
 * appends an attempt header to the trial's logs (requeues restart it: SLURM_RESTART_COUNT), forwards
 * USR1/TERM/INT to the trial (bash defers traps during a foreground child, so the trial runs in the
 * background and the script waits), and writes exit.json with the trial's exit code or signal, so the
 * orchestrator knows how it ended even when the trial could not write its status.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrialExit, TrialPlan } from '../../src/sweep/runner.js';

export const EXIT_FILE = 'exit.json';

export const TASK_WRAPPER = `#!/bin/bash
# trellis Slurm task wrapper, written by runners/slurm for every submission; do not edit.
# sbatch runs it as: task.sh <manifest.tsv>; array task i runs the trial on line i+1.
set -u
manifest=$1
task=\${SLURM_ARRAY_TASK_ID:?trellis: not running as a Slurm array task}
line=$(sed -n "$((task + 1))p" "$manifest")
[ -n "$line" ] || { echo "trellis: no line $((task + 1)) in $manifest" >&2; exit 2; }
IFS=$'\\t' read -r trial_dir base_attempt <<<"$line"
restart=\${SLURM_RESTART_COUNT:-0}
attempt=$((base_attempt + restart))
handle="\${SLURM_ARRAY_JOB_ID}_$task"
out="$trial_dir/stdout.log"
err="$trial_dir/stderr.log"
header="===== trellis attempt $attempt · slurm $handle (restart $restart) on $(hostname) CUDA_VISIBLE_DEVICES=\${CUDA_VISIBLE_DEVICES:-} SLURM_JOB_GPUS=\${SLURM_JOB_GPUS:-} · $(date -u +%Y-%m-%dT%H:%M:%SZ) ====="
printf '\\n%s\\n' "$header" >>"$out"
printf '\\n%s\\n' "$header" >>"$err"
rm -f "$trial_dir/exit.json"
[ ! -e "$trial_dir/status.json" ] || mv -f "$trial_dir/status.json" "$trial_dir/status.previous.json"
mapfile -d '' -t argv <"$trial_dir/command.argv"
envs=()
[ ! -s "$trial_dir/command.env" ] || mapfile -d '' -t envs <"$trial_dir/command.env"
child=
forward() { [ -z "$child" ] || kill -s "$1" "$child" 2>/dev/null; }
trap 'forward USR1' USR1
trap 'forward TERM' TERM
trap 'forward INT' INT
env \${envs[@]+"\${envs[@]}"} TRELLIS_ATTEMPT="$attempt" TRELLIS_SLURM_HANDLE="$handle" "\${argv[@]}" >>"$out" 2>>"$err" &
child=$!
wait "$child"; rc=$?
# A trapped signal interrupts wait (rc > 128) while the trial still runs: keep waiting for its real status.
while kill -0 "$child" 2>/dev/null; do wait "$child"; rc=$?; done
wait "$child" 2>/dev/null; again=$?; [ "$again" = 127 ] || rc=$again
code=$rc; signal=null
if [ "$rc" -gt 128 ] && [ "$rc" -lt 160 ]; then code=null; signal="\\"SIG$(kill -l $((rc - 128)))\\""; fi
printf '{"job":"%s","attempt":%s,"restart":%s,"code":%s,"signal":%s,"host":"%s","at":"%s"}\\n' \\
  "$handle" "$attempt" "$restart" "$code" "$signal" "$(hostname)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$trial_dir/.exit.json.$$"
mv -f "$trial_dir/.exit.json.$$" "$trial_dir/exit.json"
exit "$rc"
`;

export interface ExitFile {
  readonly job: string;
  readonly attempt: number;
  /** SLURM_RESTART_COUNT of the run that wrote it. */
  readonly restart: number;
  readonly exit: TrialExit;
}

/** The wrapper's exit.json for this launch (`job` must match), or undefined. */
export async function readExitFile(trialDir: string, handle: string): Promise<ExitFile | undefined> {
  try {
    const v = JSON.parse(await readFile(join(trialDir, EXIT_FILE), 'utf8')) as {
      job: string;
      attempt: number;
      restart: number;
      code: number | null;
      signal: string | null;
    };
    if (v.job !== handle) return undefined;
    return { job: v.job, attempt: v.attempt, restart: v.restart, exit: { code: v.code, signal: v.signal } };
  } catch {
    return undefined;
  }
}

/**
 * The trial's argv and extra environment as NUL-separated files the wrapper reads with `mapfile -d ''`,
 * so no argument is ever re-parsed by a shell.
 */
export async function writeTrialCommand(plan: TrialPlan): Promise<void> {
  if (/[\t\n]/.test(plan.trialDir)) {
    throw new Error(
      `trial folder "${plan.trialDir}" contains a tab or newline, which the Slurm manifest cannot hold; rename the sweep folder`,
    );
  }
  await mkdir(plan.trialDir, { recursive: true });
  await writeFile(join(plan.trialDir, 'command.argv'), plan.command.map((a) => `${a}\0`).join(''));
  await writeFile(
    join(plan.trialDir, 'command.env'),
    Object.entries(plan.env ?? {})
      .map(([k, v]) => `${k}=${v}\0`)
      .join(''),
  );
}

/** One manifest line: the trial folder and the attempt number of this submission (requeues add to it). */
export function manifestLine(plan: TrialPlan, attempt: number): string {
  return `${plan.trialDir}\t${Math.max(1, attempt)}`;
}
