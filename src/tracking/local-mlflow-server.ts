/**
 * A local MLflow tracking server for `npm run mlflow` and the integration tests: installs a pinned
 * `mlflow` into a cached virtualenv on first use, starts `mlflow server` on 127.0.0.1 with a sqlite
 * store and proxied artifacts, waits for /health, and stops exactly the processes it started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { acquireDirLock } from '../io/dir-lock.js';

/** 3.18.0 needs mlflow-tracing 3.18.0, which PyPI did not have when this was pinned; 3.17.2 installs. */
export const MLFLOW_VERSION = '3.17.2';
export const DEFAULT_VENV_DIR = '.cache/mlflow-venv';

export interface InstallOptions {
  readonly venvDir?: string;
  readonly log?: (line: string) => void;
}

const marker = (venv: string) => join(venv, `.trellis-mlflow-${MLFLOW_VERSION}`);

function run(cmd: string, args: string[], log: (l: string) => void): void {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('WARNING: Location'))
      .slice(-15)
      .join('\n');
    throw new Error(`"${cmd} ${args.join(' ')}" failed (exit ${r.status ?? r.signal}):\n${tail}`);
  }
}

/** A python3 ≥ 3.10 with venv; installs Debian's python3-venv when root and apt-get exist. */
function findPython(log: (l: string) => void): string {
  const ok = (py: string) =>
    spawnSync(py, ['-c', 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 10) else 1)'])
      .status === 0;
  for (const py of ['python3', 'python3.12', 'python3.11', 'python3.10']) if (ok(py)) return py;
  if (process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0) {
    run('apt-get', ['update', '-qq'], log);
    run('apt-get', ['install', '-y', '-qq', 'python3', 'python3-venv'], log);
    if (ok('python3')) return 'python3';
  }
  throw new Error(
    'MLflow needs python3 >= 3.10 with the venv module; install it (Debian: apt-get install -y python3 python3-venv)',
  );
}

/**
 * The `mlflow` executable of the cached venv, installing it when missing. Safe to call from parallel
 * processes: one installs under a lock folder while the others wait. A marker file written last tells
 * a complete venv from a half-built one, which is wiped and built again.
 */
export async function ensureMlflow(options: InstallOptions = {}): Promise<string> {
  const venv = resolve(options.venvDir ?? DEFAULT_VENV_DIR);
  const log = options.log ?? (() => {});
  const bin = join(venv, 'bin', 'mlflow');
  if (existsSync(marker(venv))) return bin;
  mkdirSync(dirname(venv), { recursive: true });
  // One process installs; the others wait on the lock (a dead holder's lock is taken over).
  const lock = await acquireDirLock(`${venv}.lock`, {
    pollMs: 1000,
    onWait: () => log(`waiting for another process installing mlflow into ${venv}`),
  });
  try {
    if (existsSync(marker(venv))) return bin;
    const started = Date.now();
    const python = findPython(log);
    rmSync(venv, { recursive: true, force: true });
    log(`installing mlflow==${MLFLOW_VERSION} into ${venv} (once; 1–4 minutes)`);
    run(python, ['-m', 'venv', venv], log);
    run(
      join(venv, 'bin', 'python'),
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `mlflow==${MLFLOW_VERSION}`],
      log,
    );
    writeFileSync(
      marker(venv),
      `${new Date().toISOString()} ${Math.round((Date.now() - started) / 1000)} s\n`,
    );
    log(`mlflow installed in ${Math.round((Date.now() - started) / 1000)} s`);
    return bin;
  } finally {
    await lock.release();
  }
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface ServerOptions extends InstallOptions {
  /** Holds mlflow.db, artifacts/ and server.log. */
  readonly storeDir: string;
  readonly port?: number;
  readonly host?: string;
  readonly readyTimeoutMs?: number;
  /** Echo the server's output to this stream instead of only server.log. */
  readonly echo?: NodeJS.WritableStream;
}

export interface RunningServer {
  readonly uri: string;
  readonly port: number;
  readonly storeDir: string;
  readonly process: ChildProcess;
  /** Stops the server and its workers (its own process group only). */
  stop(): Promise<void>;
}

export async function startLocalMlflowServer(o: ServerOptions): Promise<RunningServer> {
  const bin = await ensureMlflow(o);
  const venv = dirname(dirname(bin));
  const storeDir = resolve(o.storeDir);
  mkdirSync(join(storeDir, 'artifacts'), { recursive: true });
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? (await freePort());
  const logFile = createWriteStream(join(storeDir, 'server.log'), { flags: 'a' });
  const args = [
    bin,
    'server',
    '--backend-store-uri',
    `sqlite:///${join(storeDir, 'mlflow.db')}`,
    '--artifacts-destination',
    join(storeDir, 'artifacts'),
    '--host',
    host,
    '--port',
    String(port),
    '--workers',
    '1',
  ];
  // Own process group (detached): stop() signals the server and its uvicorn worker, nothing else.
  const child = spawn(join(venv, 'bin', 'python'), args, {
    cwd: storeDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false',
      MLFLOW_DISABLE_TELEMETRY: 'true',
      DO_NOT_TRACK: 'true',
    },
  });
  for (const s of [child.stdout!, child.stderr!]) {
    s.pipe(logFile, { end: false });
    if (o.echo) s.pipe(o.echo, { end: false });
  }
  let exited = false;
  const exit = new Promise<void>((r) =>
    child.once('exit', () => {
      exited = true;
      r();
    }),
  );
  const uri = `http://${host}:${port}`;
  const stop = async () => {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 10_000);
      await exit;
      clearTimeout(t);
    }
    // The uvicorn worker may outlive its parent by a moment; wait until the port is free.
    for (let i = 0; i < 50 && (await answers(`${uri}/health`)); i++)
      await new Promise((r) => setTimeout(r, 200));
    logFile.end();
  };
  const deadline = Date.now() + (o.readyTimeoutMs ?? 90_000);
  while (!(await answers(`${uri}/health`))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(
        `mlflow server on ${uri} did not become ready${exited ? ' (it exited)' : ''}; see ${join(storeDir, 'server.log')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { uri, port, storeDir, process: child, stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return r.ok;
  } catch {
    return false;
  }
}
