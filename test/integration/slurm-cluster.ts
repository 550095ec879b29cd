/**
 * Brings up the throwaway single-node Slurm of scripts/slurm-ci.sh for a test file, or reuses the one
 * `.ci/run` started (SLURM_CONF set and sinfo answering). Tears down only what it started.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'slurm-ci.sh');

export interface SlurmCluster {
  /** Why Slurm tests are skipped, when they are. */
  readonly skipReason?: string;
  down(): void;
}

function sinfoAnswers(): boolean {
  return spawnSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8', timeout: 10_000 }).status === 0;
}

export function startSlurmCluster(): SlurmCluster {
  if (process.env.TRELLIS_SKIP_SLURM) return { skipReason: 'TRELLIS_SKIP_SLURM is set', down: () => {} };
  if (process.env.SLURM_CONF && sinfoAnswers()) return { down: () => {} };
  const env = { ...process.env };
  const up = spawnSync('bash', [SCRIPT, 'up'], { encoding: 'utf8', env, timeout: 300_000 });
  if (up.status === 3) {
    return {
      skipReason: `cannot install Slurm here (${up.stderr.trim()}); run as root with Debian package access`,
      down: () => {},
    };
  }
  if (up.status !== 0)
    throw new Error(`scripts/slurm-ci.sh up failed (${up.status}):\n${up.stdout}${up.stderr}`);
  const conf = spawnSync('bash', [SCRIPT, 'env'], { encoding: 'utf8', env })
    .stdout.trim()
    .replace(/^export SLURM_CONF=/, '');
  process.env.SLURM_CONF = conf;
  return {
    down: () => {
      spawnSync('bash', [SCRIPT, 'down'], { encoding: 'utf8', env, timeout: 60_000 });
    },
  };
}
