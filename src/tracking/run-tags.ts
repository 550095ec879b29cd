/** The tags every trellis run carries: MLflow's system tags (source, user, git) and our own. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hostname, userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';

export interface RunTagInput {
  readonly gitCommit?: string;
  readonly specHash?: string;
  readonly backend?: string;
  readonly trialId?: string;
  readonly sweepId?: string;
  /** Shown in the UI's Source column; default "trellis". */
  readonly sourceName?: string;
}

/** The trellis package version (walks up from this file to the package.json named trellis). */
export function trellisVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'trellis' && pkg.version) return pkg.version;
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/** HEAD of the git checkout at `cwd`, or undefined outside git. */
export function detectGitCommit(cwd: string = process.cwd()): string | undefined {
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() || undefined
    );
  } catch {
    return undefined;
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

export function runTags(input: RunTagInput): Record<string, string> {
  const tags: Record<string, string> = {
    'mlflow.source.name': input.sourceName ?? 'trellis',
    'mlflow.source.type': 'LOCAL',
    'mlflow.user': safeUser(),
    'trellis.version': trellisVersion(),
    'trellis.host': hostname(),
    'trellis.pid': String(process.pid),
  };
  if (input.gitCommit) {
    tags['mlflow.source.git.commit'] = input.gitCommit;
    tags['trellis.git_commit'] = input.gitCommit;
  }
  if (input.specHash) tags['trellis.spec_hash'] = input.specHash;
  if (input.backend) tags['trellis.backend'] = input.backend;
  if (input.trialId) tags['trellis.trial_id'] = input.trialId;
  if (input.sweepId) tags['trellis.sweep_id'] = input.sweepId;
  return tags;
}
