/**
 * Brings up the throwaway single-node Slurm of scripts/slurm-ci.sh for a test file, or reuses the one
 * `.ci/run` started (SLURM_CONF set and sinfo answering). Tears down only what it started.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'slurm-ci.sh');

/** Whether the cluster's nodes offer `gpu` gres (the CI cluster has two fake ones). */
export function clusterHasGpus(): boolean {
  return /gpu/.test(
    spawnSync('sinfo', ['-h', '-o', '%G'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '',
  );
}

export interface SlurmCluster {
  /** Why Slurm tests are skipped, when they are. */
  readonly skipReason?: string;
  down(): void;
}

function sinfoAnswers(): boolean {
  return spawnSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8', timeout: 10_000 }).status === 0;
}

/** A TCP port nobody listens on now (so that several test runs on one machine get their own cluster). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startSlurmCluster(): Promise<SlurmCluster> {
  if (process.env.TRELLIS_SKIP_SLURM) return { skipReason: 'TRELLIS_SKIP_SLURM is set', down: () => {} };
  if (process.env.SLURM_CONF && sinfoAnswers()) return { down: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'slurm-ci-'));
  const env = {
    ...process.env,
    SLURM_CI_DIR: dir,
    SLURM_CI_FAKE_GPUS: '2',
    SLURM_CI_CTLD_PORT: String(await freePort()),
    SLURM_CI_SLURMD_PORT: String(await freePort()),
  };
  const up = spawnSync('bash', [SCRIPT, 'up'], { encoding: 'utf8', env, timeout: 300_000 });
  if (up.status === 3) {
    rmSync(dir, { recursive: true, force: true });
    return {
      skipReason: `cannot install Slurm here (${up.stderr.trim()}); run as root with Debian package access`,
      down: () => {},
    };
  }
  if (up.status !== 0) {
    spawnSync('bash', [SCRIPT, 'down'], { encoding: 'utf8', env, timeout: 60_000 });
    throw new Error(`scripts/slurm-ci.sh up failed (${up.status}):\n${up.stdout}${up.stderr}`);
  }
  const conf = spawnSync('bash', [SCRIPT, 'env'], { encoding: 'utf8', env })
    .stdout.trim()
    .replace(/^export SLURM_CONF=/, '');
  process.env.SLURM_CONF = conf;
  return {
    down: () => {
      spawnSync('bash', [SCRIPT, 'down'], { encoding: 'utf8', env, timeout: 60_000 });
      delete process.env.SLURM_CONF;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
