#!/usr/bin/env node
// `npm run mlflow [-- --port 5000] [--store .cache/mlflow-store] [--install-only]`: a local MLflow tracking server for
// users. Installs the pinned mlflow into .cache/mlflow-venv on first use, keeps its sqlite store and
// artifacts in --store (persistent, unlike the test harness), and stops on Ctrl-C.
// The logic lives in src/tracking/local-mlflow-server.ts (shared with the test harness); tsx loads it.
import { register } from 'tsx/esm/api';
import { parseArgs } from 'node:util';
import process from 'node:process';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5000' },
    host: { type: 'string', default: '127.0.0.1' },
    store: { type: 'string', default: '.cache/mlflow-store' },
    'install-only': { type: 'boolean', default: false },
  },
});
register();
const { startLocalMlflowServer, ensureMlflow, MLFLOW_VERSION } =
  await import('../src/tracking/local-mlflow-server.ts');
const log = (line) => process.stderr.write(`mlflow: ${line}\n`);
if (values['install-only']) {
  // For CI images: build the cached venv now, so the first test does not pay for it.
  log(`mlflow ${MLFLOW_VERSION} ready: ${await ensureMlflow({ log })}`);
  process.exit(0);
}
const server = await startLocalMlflowServer({
  storeDir: values.store,
  port: Number(values.port),
  host: values.host,
  log,
});
log(
  `MLflow ${MLFLOW_VERSION} at ${server.uri} (store: ${server.storeDir}; logs: ${server.storeDir}/server.log)`,
);
log(`use it with: export MLFLOW_TRACKING_URI=${server.uri}   — Ctrl-C stops it`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.process.on('exit', (code) => {
  if (!stopping) {
    log(`server exited (${code}); see ${server.storeDir}/server.log`);
    process.exit(1);
  }
});
