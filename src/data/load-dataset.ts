/**
 * Loads an N-HPatches or HPatches-release folder into a PatchDataset at the spec's patch size.
 * N-HPatches: `<seq>/<type>.png` clean + `<type>_noise.png` noisy. HPatches release: `<seq>/<type>.png`
 * only (65 px); noisy patches come from the declared noise model, applied after resizing.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { NoiseModel } from '../schema/generated/experiment.js';
import {
  IMAGE_TYPES,
  type ImageType,
  type PatchDataset,
  type PatchImage,
  type PatchStack,
  type Sequence,
} from './dataset.js';
import { readStackFile, type RawStack } from './read-stack.js';
import { resizePatchStack } from './area-resize.js';
import { addNoise, resolveNoiseModel, type ResolvedNoiseModel } from './noise-model.js';
import { readDatasetSplits } from './splits.js';
import { suggest } from '../diagnostics/suggest.js';

export type DatasetLayout = 'nhpatches' | 'hpatches';

export interface LoadDatasetOptions {
  readonly root: string;
  readonly layout: DatasetLayout;
  /** Patch side the networks see; stacks of another size are resized (area down, bilinear up). */
  readonly patchSize: number;
  /** Load only these sequences (default: every folder under root holding a `ref.png`). */
  readonly sequences?: readonly string[];
  /** HPatches layout only: how noisy patches are made (defaults in noise-model.ts). */
  readonly noise?: NoiseModel;
  /** Sequences read at once (file reads overlap decoding). */
  readonly concurrency?: number;
}

export async function loadDataset(options: LoadDatasetOptions): Promise<PatchDataset> {
  const { root, layout, patchSize } = options;
  const available = await listSequenceFolders(root);
  const names = options.sequences ?? available;
  for (const name of names) {
    if (!available.includes(name)) {
      const hint = suggest(name, available);
      throw new Error(
        `${join(root, name)}: sequence folder missing or without ref.png${hint ? `; ${hint}` : ''}`,
      );
    }
  }
  if (names.length === 0) throw new Error(`${root}: no sequence folders (folders holding ref.png) found`);
  const noise = layout === 'hpatches' ? resolveNoiseModel(options.noise) : undefined;
  const sequences: Sequence[] = new Array(names.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const i = next++;
      sequences[i] = await loadSequence({
        dir: join(root, names[i]),
        name: names[i],
        layout,
        patchSize,
        noise,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, names.length) }, worker));
  const declaredSplits = await readDatasetSplits(root);
  return { root, patchSize, sequences, ...(declaredSplits ? { declaredSplits } : {}) };
}

/** Sequence folders under root (those holding a ref.png), in byte order of their names. */
export async function listSequenceFolders(root: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    throw new Error(
      `${root}: dataset folder not found; check data.source.root or run \`trellis data synth --out ${root}\``,
    );
  }
  const found: string[] = [];
  for (const name of entries) {
    if (name.startsWith('.')) continue;
    const ok = await stat(join(root, name, 'ref.png')).then(
      (s) => s.isFile(),
      () => false,
    );
    if (ok) found.push(name);
  }
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function loadSequence(options: {
  dir: string;
  name: string;
  layout: DatasetLayout;
  patchSize: number;
  noise: ResolvedNoiseModel | undefined;
}): Promise<Sequence> {
  const { dir, name, layout, patchSize, noise } = options;
  const clean = await Promise.all(IMAGE_TYPES.map((t) => readStackFile(join(dir, `${t}.png`))));
  checkSameShape(
    clean,
    IMAGE_TYPES.map((t) => join(dir, `${t}.png`)),
  );
  const noisy =
    layout === 'nhpatches'
      ? await Promise.all(IMAGE_TYPES.map((t) => readStackFile(join(dir, `${t}_noise.png`))))
      : undefined;
  if (noisy) {
    IMAGE_TYPES.forEach((t, i) => {
      const a = clean[i],
        b = noisy[i];
      if (a.count !== b.count || a.side !== b.side) {
        throw new Error(
          `${join(dir, `${t}_noise.png`)}: ${b.count} patches of ${b.side} px, but ${t}.png has ${a.count} of ${a.side} px; clean and noisy stacks must match`,
        );
      }
    });
  }
  const images = {} as Record<ImageType, PatchImage>;
  IMAGE_TYPES.forEach((type, i) => {
    const cleanStack = toPatchSize(clean[i], patchSize);
    const noisyStack = noisy
      ? toPatchSize(noisy[i], patchSize)
      : addNoise({ clean: cleanStack, patchSize, model: noise!, sequence: name, type });
    images[type] = { clean: cleanStack, noisy: noisyStack };
  });
  return { name, count: clean[0].count, images };
}

function checkSameShape(stacks: readonly RawStack[], files: readonly string[]): void {
  const ref = stacks[0];
  stacks.forEach((s, i) => {
    if (s.side !== ref.side)
      throw new Error(
        `${files[i]}: ${s.side} px patches, but ${files[0]} has ${ref.side} px; all 16 files of a sequence need one patch size`,
      );
    if (s.count !== ref.count) {
      throw new Error(
        `${files[i]}: ${s.count} patches, but ${files[0]} has ${ref.count}; all 16 files of a sequence need the same number of patches`,
      );
    }
  });
}

function toPatchSize(stack: RawStack, patchSize: number): PatchStack {
  return { count: stack.count, data: resizePatchStack(stack.data, stack.count, stack.side, patchSize) };
}
