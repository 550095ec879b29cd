/**
 * Denoising examples like the report's figures 1 and 3: for a few test patches per level, the noisy
 * input, the denoiser's output and the clean patch side by side, enlarged 4× with nearest pixels.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { PatchDataset } from '../data/dataset.js';
import { encodeGrayPng } from '../data/png-gray.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { StagePlan } from './plan-stages.js';
import type { TrialFile } from './trial-file.js';

const SCALE = 4;
const GAP = 4;
const PER_LEVEL = 4;
const IMAGES = { easy: 'e3', hard: 'h3', tough: 't3' } as const;

/** Tiles `rows` of equal-size patches (`s × s` bytes each) into one grey image with white gaps. */
export function tilePatches(rows: readonly (readonly Uint8Array[])[], s: number, scale = SCALE, gap = GAP): { width: number; height: number; data: Uint8Array } {
  const cols = Math.max(...rows.map((r) => r.length));
  const cell = s * scale;
  const width = cols * cell + (cols + 1) * gap;
  const height = rows.length * cell + (rows.length + 1) * gap;
  const data = new Uint8Array(width * height).fill(255);
  rows.forEach((row, r) =>
    row.forEach((patch, c) => {
      const x0 = gap + c * (cell + gap);
      const y0 = gap + r * (cell + gap);
      for (let y = 0; y < cell; y++) {
        for (let x = 0; x < cell; x++) data[(y0 + y) * width + x0 + x] = patch[Math.floor(y / scale) * s + Math.floor(x / scale)];
      }
    }),
  );
  return { width, height, data };
}

/** Writes `denoising-examples.png` when the evaluated pipeline starts with a denoising (pairs) stage. */
export async function writeDenoisingExamples(o: {
  trial: TrialFile;
  plans: readonly StagePlan[];
  models: ReadonlyMap<string, tf.LayersModel>;
  dataset: PatchDataset;
  sequences: readonly string[];
}): Promise<string[]> {
  const denoiser = o.plans.find((p) => o.trial.spec.stages?.[p.name]?.data.type === 'pairs');
  const model = denoiser && o.models.get(denoiser.name);
  const sequence = o.dataset.sequences.find((s) => s.name === o.sequences[0]);
  if (!denoiser || !model || !sequence) return [];
  const s = o.dataset.patchSize;
  const p2 = s * s;
  const rows: Uint8Array[][] = [];
  for (const type of Object.values(IMAGES)) {
    const image = sequence.images[type];
    const n = Math.min(PER_LEVEL, image.noisy.count);
    const noisy = image.noisy.data.subarray(0, n * p2);
    const out = tf.tidy(() => {
      const y = model.apply(tf.tensor4d(Float32Array.from(noisy), [n, s, s, 1]), { training: false }) as tf.Tensor;
      return y.clipByValue(0, 255).round().dataSync();
    });
    for (let i = 0; i < n; i++) {
      rows.push([
        noisy.slice(i * p2, (i + 1) * p2),
        Uint8Array.from(out.subarray(i * p2, (i + 1) * p2)),
        image.clean.data.slice(i * p2, (i + 1) * p2),
      ]);
    }
  }
  const path = join(o.trial.trialDir, 'denoising-examples.png');
  await writeFileAtomic(path, encodeGrayPng(tilePatches(rows, s)));
  return [path];
}
