/**
 * `npm run bench:backends`: forward and train-step speed of every available tfjs back end on the
 * study's networks (baseline descriptor, batch 64; baseline and improved U-Nets, batch 50), with
 * achieved GFLOP/s, the ratio to the cpu back end measured in the same run, and the share of peak.
 *   npm run bench:backends -- [--backends cpu,wasm,tfjs-node] [--nets descriptor,unet-baseline,unet-improved]
 *                             [--steps 5] [--cpu-steps 1] [--cpu-batch 4] [--cpu-nets descriptor,unet-baseline]
 *                             [--profile] [--native-from DIR]
 * The cpu back end is timed on a smaller batch (its rate per patch barely depends on the batch), with one
 * step and no warm-up, and by default not on the improved U-Net (minutes per step): --cpu-nets adds it.
 * --native-from: a Node project holding a tfjs-node built by scripts/install-tfjs-node.sh --project DIR.
 * The machine is shared: each rate is given per wall second and per CPU second of this process (the
 * back ends here use one core, so the CPU-second rate is what an uncontended core gives).
 */
import * as tf from '@tensorflow/tfjs';
import { cpus } from 'node:os';
import { createNodeEnvironment, selectBackend, type ConcreteBackend } from '../src/backend/select-backend.js';
import { BENCH_NETS, forwardFlopsPerExample, type BenchNet } from './backend-nets.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const NET_KEYS: Record<string, string> = {
  descriptor: 'descriptor (baseline)',
  'unet-baseline': 'U-Net baseline',
  'unet-improved': 'U-Net improved',
};
const backends = arg('backends', 'cpu,wasm,tfjs-node').split(',') as ConcreteBackend[];
const nets = arg('nets', 'descriptor,unet-baseline,unet-improved')
  .split(',')
  .map((k) => {
    const net = BENCH_NETS.find((n) => n.name === NET_KEYS[k]);
    if (!net) throw new Error(`--nets: unknown network "${k}"; use ${Object.keys(NET_KEYS).join(', ')}`);
    return net;
  });
const steps = Number(arg('steps', '5'));
const cpuSteps = Number(arg('cpu-steps', '1'));
const cpuBatch = Number(arg('cpu-batch', '4'));
const cpuNets = arg('cpu-nets', 'descriptor,unet-baseline')
  .split(',')
  .map((k) => NET_KEYS[k]);
const profile = process.argv.includes('--profile');
const env = createNodeEnvironment({ nativeFrom: arg('native-from', '') || undefined });
// AVX-512 FMA: ~100 GFLOP/s fp32 per core (2 x 256-bit FMA pipes at ~3 GHz); wasm SIMD is 128-bit,
// so a wasm back end's own ceiling is about half of that.
const PEAK_PER_CORE = 100;

interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** Median wall and CPU milliseconds of `n` runs after `warmUp` untimed runs. */
function time(n: number, warmUp: number, run: () => void): Timing {
  for (let i = 0; i < warmUp; i++) run();
  const walls: number[] = [];
  const cpus_: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    run();
    walls.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpus_.push((u.user + u.system) / 1000);
  }
  const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return { wallMs: median(walls), cpuMs: median(cpus_) };
}

interface Row {
  net: string;
  backend: string;
  batch: number;
  forward: Timing;
  train: Timing;
  flops: number;
}

function measure(net: BenchNet, backend: string, batch: number, n: number, warmUp: number): Row {
  const model = net.build();
  const flops = forwardFlopsPerExample(model);
  const [h, w, c] = (model.inputs[0].shape as number[]).slice(1);
  const outShape = (model.outputs[0].shape as number[]).slice(1);
  const x = tf.randomNormal([batch, h, w, c], 0, 1, 'float32', 1);
  const y = tf.randomNormal([batch, ...outShape], 0, 1, 'float32', 2);
  const optimizer = tf.train.sgd(1e-4);
  const lossFn = net.loss === 'mse' ? tf.losses.meanSquaredError : tf.losses.absoluteDifference;
  const forward = time(n, warmUp, () => tf.tidy(() => void (model.predict(x) as tf.Tensor).dataSync()[0]));
  const trainStep = () => {
    const loss = optimizer.minimize(
      () => lossFn(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      true,
    );
    loss!.dataSync();
    loss!.dispose();
  };
  const train = time(n, warmUp, trainStep);
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return { net: net.name, backend, batch, forward, train, flops };
}

async function profileTrainStep(net: BenchNet): Promise<void> {
  const model = net.build();
  const x = tf.randomNormal([net.batch, 32, 32, 1]);
  const y = tf.randomNormal([net.batch, ...(model.outputs[0].shape as number[]).slice(1)]);
  const optimizer = tf.train.sgd(1e-4);
  const step = () =>
    void optimizer.minimize(
      () => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
    );
  step();
  const info = await tf.profile(step);
  const byKernel = new Map<string, { ms: number; n: number }>();
  for (const k of info.kernels) {
    const e = byKernel.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += k.kernelTimeMs as number;
    e.n++;
    byKernel.set(k.name, e);
  }
  console.log(
    `\nProfile of one ${net.name} train step on ${tf.getBackend()} (kernel time, nested kernels counted in their callers too):`,
  );
  for (const [name, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
    console.log(`  ${name.padEnd(28)} ${e.ms.toFixed(1).padStart(8)} ms  x${e.n}`);
  }
  tf.dispose([x, y]);
  model.dispose();
}

const rows: Row[] = [];
const available: string[] = [];
for (const backend of backends) {
  try {
    const selection = await selectBackend(backend, { env });
    available.push(backend);
    console.error(`# ${selection.name}: ${selection.reason}`);
  } catch (e) {
    console.error(`# ${backend}: not available (${(e as Error).message})`);
    continue;
  }
  for (const net of nets) {
    const isCpu = backend === 'cpu';
    if (isCpu && !cpuNets.includes(net.name)) continue;
    const batch = isCpu ? Math.min(cpuBatch, net.batch) : net.batch;
    console.error(`# timing ${net.name} on ${backend}, batch ${batch} ...`);
    rows.push(measure(net, backend, batch, isCpu ? cpuSteps : steps, isCpu ? 0 : 1));
  }
  if (profile && backend === 'wasm') await profileTrainStep(nets[0]);
}

const rate = (batch: number, ms: number) => (batch * 1000) / ms;
const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(2));
console.log(
  `\nBack ends: ${available.join(', ')}; ${cpus().length} cores (${cpus()[0]?.model.trim()}); peak assumed ${PEAK_PER_CORE} GFLOP/s fp32 per core.`,
);
console.log(
  'Rates per wall second (per CPU second of this process in brackets); train step = forward + backward + SGD update.\n',
);
console.log(
  '| network | back end | batch | forward patches/s | train patches/s | train GFLOP/s | share of 1-core peak | forward × cpu | train × cpu |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const cpuRow = rows.find((q) => q.net === r.net && q.backend === 'cpu');
  const fwd = rate(r.batch, r.forward.wallMs);
  const trn = rate(r.batch, r.train.wallMs);
  const trnCpuTime = rate(r.batch, r.train.cpuMs);
  const gflops = (3 * r.flops * trn) / 1e9;
  const gflopsCpuTime = (3 * r.flops * trnCpuTime) / 1e9;
  // ratio to cpu per wall second (per CPU second in brackets)
  const vs = (t: 'forward' | 'train') => {
    if (!cpuRow) return '–';
    const wall = rate(r.batch, r[t].wallMs) / rate(cpuRow.batch, cpuRow[t].wallMs);
    const cpuTime = rate(r.batch, r[t].cpuMs) / rate(cpuRow.batch, cpuRow[t].cpuMs);
    return `${fmt(wall)}× (${fmt(cpuTime)}×)`;
  };
  console.log(
    `| ${r.net} | ${r.backend} | ${r.batch} | ${fmt(fwd)} (${fmt(rate(r.batch, r.forward.cpuMs))}) | ${fmt(trn)} (${fmt(trnCpuTime)}) | ` +
      `${fmt(gflops)} (${fmt(gflopsCpuTime)}) | ${((100 * gflopsCpuTime) / PEAK_PER_CORE).toFixed(1)} % | ${vs('forward')} | ${vs('train')} |`,
  );
}
console.log(
  '\nFLOPs per patch (forward, analytic): ' +
    nets.map((n) => `${n.name} ${(forwardFlopsPerExample(n.build()) / 1e6).toFixed(1)} M`).join('; ') +
    '; a train step counts 3×.',
);
