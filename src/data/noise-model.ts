/**
 * The declared synthetic noise that stands in for N-HPatches' unpublished generator (see NoiseModel in
 * data.schema.json): per patch, Gaussian noise with σ drawn from the image's level range, then
 * salt-and-pepper pixels; rounded and clipped to 0–255. Seeded per (seed, sequence, image type), so a
 * noisy stack does not depend on which other sequences were loaded or in which order.
 */
import type { NoiseModel } from '../schema/generated/experiment.js';
import { createRng } from '../random/seeded-rng.js';
import type { ImageType, Level, PatchStack } from './dataset.js';

export interface ResolvedNoiseModel {
  readonly seed: number;
  readonly sigma: Readonly<Record<Level, readonly [number, number]>>;
  readonly saltPepper: Readonly<Record<Level, number>>;
}

export const DEFAULT_NOISE: ResolvedNoiseModel = {
  seed: 0,
  sigma: { easy: [5, 10], hard: [10, 20], tough: [20, 30] },
  saltPepper: { easy: 0.005, hard: 0.01, tough: 0.02 },
};

export function resolveNoiseModel(spec: NoiseModel | undefined): ResolvedNoiseModel {
  const sigma = {
    ...DEFAULT_NOISE.sigma,
    ...(spec?.sigma as Partial<Record<Level, [number, number]>> | undefined),
  };
  for (const level of Object.keys(sigma) as Level[]) {
    const [lo, hi] = sigma[level];
    if (!(lo <= hi))
      throw new Error(
        `noise.sigma.${level}: [${lo}, ${hi}] is not a [min, max] range; write the smaller value first`,
      );
  }
  return {
    seed: spec?.seed ?? DEFAULT_NOISE.seed,
    sigma,
    saltPepper: { ...DEFAULT_NOISE.saltPepper, ...spec?.salt_pepper },
  };
}

/** `ref` and e1–e5 are easy, h1–h5 hard, t1–t5 tough. */
export function levelOf(type: ImageType): Level {
  return type[0] === 'h' ? 'hard' : type[0] === 't' ? 'tough' : 'easy';
}

export function addNoise(options: {
  clean: PatchStack;
  patchSize: number;
  model: ResolvedNoiseModel;
  sequence: string;
  type: ImageType;
}): PatchStack {
  const { clean, patchSize, model, sequence, type } = options;
  const level = levelOf(type);
  const [lo, hi] = model.sigma[level];
  const sp = model.saltPepper[level];
  const rng = createRng(`noise:${model.seed}:${sequence}:${type}`);
  const n = patchSize * patchSize;
  const out = new Uint8Array(clean.data.length);
  // Salt-and-pepper pixels are found by geometric gaps (one draw per hit, not one per pixel).
  const logKeep = sp > 0 ? Math.log(1 - sp) : 0;
  const gap = (): number => (sp > 0 ? Math.floor(Math.log(1 - rng.next()) / logKeep) : Infinity);
  for (let p = 0; p < clean.count; p++) {
    const sigma = lo + (hi - lo) * rng.next();
    const start = p * n,
      end = start + n;
    for (let i = start; i < end; i++) {
      const v = clean.data[i] + sigma * rng.normal();
      out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
    for (let i = start + gap(); i < end; i += 1 + gap()) out[i] = rng.next() < 0.5 ? 0 : 255;
  }
  return { count: clean.count, data: out };
}
