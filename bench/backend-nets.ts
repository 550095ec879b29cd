// The three networks the back-end benchmark times, built with tf.layers as in the study
// (../shared/notes/noisy-hpatches-study.md §1a, §1b, §2a), and their analytic FLOP counts.
import * as tf from '@tensorflow/tfjs';

export interface BenchNet {
  name: string;
  batch: number;
  build(): tf.LayersModel;
  /** Loss of one training step (the study's: MSE stand-in for the descriptor, MAE for denoisers). */
  loss: 'mse' | 'mae';
}

const he = () => tf.initializers.heNormal({ seed: 1 });

/** Baseline descriptor (HardNet/L2-Net copy): 6 x (conv 3x3 + BN + ReLU), dropout 0.3, conv 8x8 valid -> 128. */
function baselineDescriptor(): tf.LayersModel {
  const m = tf.sequential({ name: 'descriptor' });
  [
    [32, 1],
    [32, 1],
    [64, 2],
    [64, 1],
    [128, 2],
    [128, 1],
  ].forEach(([filters, strides], i) => {
    m.add(
      tf.layers.conv2d({
        filters,
        kernelSize: 3,
        strides,
        padding: 'same',
        kernelInitializer: he(),
        ...(i === 0 ? { inputShape: [32, 32, 1] } : {}),
      }),
    );
    m.add(tf.layers.batchNormalization());
    m.add(tf.layers.reLU());
  });
  m.add(tf.layers.dropout({ rate: 0.3, seed: 3 }));
  m.add(tf.layers.conv2d({ filters: 128, kernelSize: 8, padding: 'valid', kernelInitializer: he() }));
  m.add(tf.layers.reshape({ targetShape: [128] }));
  return m;
}

const conv = (
  x: tf.SymbolicTensor,
  filters: number,
  kernel: number,
  activation: 'relu' | 'linear' = 'relu',
) =>
  tf.layers
    .conv2d({ filters, kernelSize: kernel, padding: 'same', activation, kernelInitializer: he() })
    .apply(x) as tf.SymbolicTensor;
const pool = (x: tf.SymbolicTensor) => tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
const up = (x: tf.SymbolicTensor) => tf.layers.upSampling2d({ size: [2, 2] }).apply(x) as tf.SymbolicTensor;
const concat = (a: tf.SymbolicTensor, b: tf.SymbolicTensor) =>
  tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;

/** Baseline denoiser, the shallow U-Net of §1a (59,777 parameters). */
function baselineUnet(): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 1] });
  const c1 = conv(input, 16, 3);
  const c2 = conv(pool(c1), 32, 3);
  const u3 = conv(up(c2), 64, 2);
  const c3 = conv(concat(c1, u3), 64, 3);
  return tf.model({ inputs: input, outputs: conv(c3, 1, 3, 'linear'), name: 'unet_baseline' });
}

/** Improved denoiser of §2a: one conv per stage 64..1024, dropout 0.5, up + conv 2x2 + concat + conv 3x3 (15,324,097 parameters). */
function improvedUnet(): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 1] });
  const skips: tf.SymbolicTensor[] = [];
  let x = input;
  for (const f of [64, 128, 256, 512]) {
    x = conv(x, f, 3);
    skips.push(x);
    x = pool(x);
  }
  x = tf.layers.dropout({ rate: 0.5, seed: 4 }).apply(conv(x, 1024, 3)) as tf.SymbolicTensor;
  for (const f of [512, 256, 128, 64]) x = conv(concat(skips.pop()!, conv(up(x), f, 2)), f, 3);
  return tf.model({ inputs: input, outputs: conv(x, 1, 3, 'linear'), name: 'unet_improved' });
}

export const BENCH_NETS: readonly BenchNet[] = [
  { name: 'descriptor (baseline)', batch: 64, build: baselineDescriptor, loss: 'mse' },
  { name: 'U-Net baseline', batch: 50, build: baselineUnet, loss: 'mae' },
  { name: 'U-Net improved', batch: 50, build: improvedUnet, loss: 'mae' },
];

/** Forward multiply-add FLOPs per example: 2·kh·kw·Cin·Cout·Hout·Wout per conv, 2·in·out per dense. */
export function forwardFlopsPerExample(model: tf.LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls !== 'Conv2D' && cls !== 'Dense') continue;
    const kernel = layer.getWeights()[0].shape as number[];
    const out = layer.outputShape as number[];
    if (cls === 'Conv2D') {
      const [kh, kw, cin, cout] = kernel;
      flops += 2 * kh * kw * cin * cout * (out[1] as number) * (out[2] as number);
    } else {
      flops += 2 * kernel[0] * kernel[1];
    }
  }
  return flops;
}
