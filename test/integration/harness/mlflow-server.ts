/**
 * Integration-test harness: a real MLflow server on 127.0.0.1 with a fresh sqlite store and served
 * artifacts in a temp folder. Installs the pinned mlflow into `.cache/mlflow-venv` on first use.
 *
 *   const server = await startMlflowServer();       // { uri, stop, restart }
 *   ... new MlflowClient({ connection: { baseUrl: server.uri } }) ...
 *   await server.stop();                             // kills only this server, removes its temp store
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalMlflowServer, type RunningServer } from '../../../src/tracking/local-mlflow-server.js';

export interface MlflowTestServer {
  readonly uri: string;
  readonly port: number;
  readonly storeDir: string;
  /** Stops the server; the store stays for restart() unless `remove` (default true). */
  stop(options?: { remove?: boolean }): Promise<void>;
  /** Starts the server again on the same store and port (after stop({ remove: false })). */
  restart(): Promise<void>;
}

const log = (line: string) => process.stderr.write(`[mlflow-harness] ${line}\n`);

export async function startMlflowServer(): Promise<MlflowTestServer> {
  const storeDir = mkdtempSync(join(tmpdir(), 'trellis-mlflow-'));
  let current: RunningServer | undefined = await startLocalMlflowServer({ storeDir, log });
  const port = current.port;
  return {
    uri: current.uri,
    port,
    storeDir,
    async stop(options = {}) {
      await current?.stop();
      current = undefined;
      if (options.remove ?? true) rmSync(storeDir, { recursive: true, force: true });
    },
    async restart() {
      if (current) throw new Error('restart(): the server is still running; stop({ remove: false }) first');
      current = await startLocalMlflowServer({ storeDir, port, log });
    },
  };
}
