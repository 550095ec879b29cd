/**
 * `npm run bench:sweep`: the local runner's parallel speed-up and the stage cache, measured side by side
 * in one run on small real trials (generated data, tiny networks, the real trial pipeline).
 *   A. 8 independent trials (a seed grid) with 1 worker, then with 2 workers.
 *   B. a 4-trial descriptor grid over one denoiser, with the stage cache and with --no-stage-cache.
 * Prints a table; the numbers for docs/benchmarks.md come from here. Needs `npm run build` (it runs the
 * compiled CLI, as users do).
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../src/io/package-root.js';

const root = packageRoot();
// The compiled CLI, as users run it (`npm run build` first); trials are launched the same way.
const trellis = [process.execPath, join(root, 'bin', 'trellis.js')];

const spec = (name: string, sweep: string) => `
name: ${name}
seed: 1
backend: wasm
data:
  source: {type: synth, sequences: 4, patches: 60, seed: 3}
models:
  denoiser:
    input: [32, 32, 1]
    layers:
      - {type: conv2d, filters: 16, kernel: 3, padding: same, activation: relu}
      - {type: conv2d, filters: 16, kernel: 3, padding: same, activation: relu}
      - {type: conv2d, filters: 1, kernel: 3, padding: same}
  descriptor:
    input: [32, 32, 1]
    layers:
      - {type: conv2d, filters: 16, kernel: 3, strides: 2, padding: same, activation: relu}
      - {type: conv2d, filters: 32, kernel: 3, strides: 2, padding: same, activation: relu}
      - {type: conv2d, filters: 64, kernel: 8, padding: valid}
      - {type: flatten}
stages:
  denoiser:
    model: denoiser
    data: {type: pairs, train_sequences: 1, val_sequences: 1}
    loss: {type: mse}
    optimizer: {type: adam, lr: 1.0e-3}
    epochs: 4
    batch_size: 32
  descriptor:
    model: descriptor
    input_transform: {stage: denoiser, postprocess: clip_round}
    data: {type: triplets, train: 8000, val: 400}
    loss: {type: triplet, margin: 1}
    optimizer: {type: adam, lr: 1.0e-3}
    epochs: 2
    batch_size: 32
evaluation:
  tasks: [matching, retrieval]
${sweep}
`;

interface Measured {
  wall: number;
  trials: number;
  denoiserTrainings: number;
  /** Σ over trials of their working time: trial wall (status.json) minus its back-end start. */
  work: number;
  trialWall: number;
}

async function runSweep(dir: string, file: string, args: string[]): Promise<Measured> {
  const artifacts = join(dir, 'artifacts');
  const t0 = performance.now();
  await execa(trellis[0], [...trellis.slice(1), 'run', file, ...args], { cwd: dir, env: { TRELLIS_ARTIFACTS: artifacts }, stdio: 'inherit' });
  const wall = (performance.now() - t0) / 1000;
  let denoiserTrainings = 0, work = 0, trialWall = 0, trials = 0;
  for (const exp of await readdir(artifacts)) {
    if (exp.startsWith('.')) continue;
    for (const sweep of await readdir(join(artifacts, exp))) {
      for (const id of await readdir(join(artifacts, exp, sweep, 'trials'))) {
        const t = join(artifacts, exp, sweep, 'trials', id);
        const results = JSON.parse(await readFile(join(t, 'results.json'), 'utf8'));
        const status = JSON.parse(await readFile(join(t, 'status.json'), 'utf8'));
        trials++;
        if (!results.stages.denoiser.cached) denoiserTrainings++;
        const wallOfTrial = (Date.parse(status.endedAt) - Date.parse(status.startedAt)) / 1000;
        trialWall += wallOfTrial;
        work += wallOfTrial - results.metrics['time/backend_seconds'];
      }
    }
  }
  return { wall, trials, denoiserTrainings, work, trialWall };
}

async function scenario(name: string, sweep: string, args: string[], warmData: string): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-sweep-'));
  try {
    // The generated dataset is shared (a warm data cache), so only training and evaluation are timed.
    await execa('cp', ['-r', warmData, join(dir, 'artifacts')]);
    const file = join(dir, 'spec.yaml');
    await writeFile(file, spec(name, sweep));
    return await runSweep(dir, file, args);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const warm = await mkdtemp(join(tmpdir(), 'bench-warm-'));
  const warmFile = join(warm, 'spec.yaml');
  await writeFile(warmFile, spec('warm', ''));
  process.stderr.write('warming the data cache with one trial…\n');
  await runSweep(warm, warmFile, []);
  await rm(join(warm, 'artifacts', 'warm'), { recursive: true, force: true });
  await rm(join(warm, 'artifacts', '.cache', 'stages'), { recursive: true, force: true });
  const warmData = join(warm, 'artifacts');

  const seeds = 'sweep:\n  grid: {seed: [11, 12, 13, 14, 15, 16, 17, 18]}';
  const grid = 'sweep:\n  grid: {stages.descriptor.optimizer.lr: [1.0e-3, 5.0e-4, 2.0e-4, 1.0e-4]}';
  const one = await scenario('seeds', seeds, ['--workers', '1'], warmData);
  const two = await scenario('seeds', seeds, ['--workers', '2'], warmData);
  const cached = await scenario('grid', grid, ['--workers', '1'], warmData);
  const uncached = await scenario('grid', grid, ['--workers', '1', '--no-stage-cache'], warmData);
  await rm(warm, { recursive: true, force: true });

  const row = (label: string, m: Measured, extra: string) =>
    `| ${label} | ${m.trials} | ${m.wall.toFixed(1)} | ${(m.trials / m.wall * 60).toFixed(2)} | ${m.denoiserTrainings} | ${extra} |`;
  // Orchestration overhead per trial, 1 worker: everything but the trials' work — spawn, module loading,
  // back-end start, process exit, and the orchestrator's launch, event log, status and sweep tracking.
  const overhead = (m: Measured) => (m.wall - m.work) / m.trials;
  console.log('| scenario | trials | wall s | trials/min | denoiser trainings | note |');
  console.log('|---|---:|---:|---:|---:|---|');
  console.log(row('8 seeds, 1 worker', one, ''));
  console.log(row('8 seeds, 2 workers', two, `speed-up ×${(one.wall / two.wall).toFixed(2)}`));
  console.log(row('4-lr descriptor grid, stage cache', cached, ''));
  console.log(row('4-lr descriptor grid, --no-stage-cache', uncached, `cache saves ${(100 * (1 - cached.wall / uncached.wall)).toFixed(0)} %`));
  console.log();
  console.log(
    `orchestration overhead per trial, 1 worker (spawn, module loading, back-end start, exit, orchestrator): ` +
      `${overhead(one).toFixed(2)} s ` +
      `= ${((100 * overhead(one)) / 60).toFixed(1)} % of a one-minute trial; mean trial ${(one.trialWall / one.trials).toFixed(1)} s`,
  );
}

await main();
