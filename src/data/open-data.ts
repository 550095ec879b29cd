/**
 * From a spec's `data:` section to a loaded dataset and its split: reads N-HPatches or HPatches
 * folders, or generates the synth source into a cache folder named by its parameters (reused when
 * present, so every trial of a sweep reads the same files).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSpec } from '../schema/generated/experiment.js';
import type { PatchDataset } from './dataset.js';
import { loadDataset } from './load-dataset.js';
import { resolveSplit, type ResolvedSplit } from './splits.js';
import { synthDataset } from './synth/synth-dataset.js';
import { defaultCacheDir } from './synth/debian-photos.js';

export interface OpenedData {
  readonly dataset: PatchDataset;
  readonly split: ResolvedSplit;
}

export async function openData(
  spec: DataSpec,
  options: { specDir: string; cacheDir?: string },
): Promise<OpenedData> {
  const patchSize = spec.patch_size ?? 32;
  const source = spec.source;
  let dataset: PatchDataset;
  if (source.type === 'synth') {
    const params = {
      sequences: source.sequences ?? 12,
      patches: source.patches ?? 300,
      seed: source.seed ?? 7,
      photos: source.photos ?? 'builtin',
    };
    const photos =
      params.photos === 'builtin' || params.photos === 'debian'
        ? params.photos
        : resolve(options.specDir, params.photos);
    const cacheDir = options.cacheDir ?? defaultCacheDir();
    const photoTag = photos === 'builtin' || photos === 'debian' ? photos : `folder-${hashText(photos)}`;
    const root = source.root
      ? resolve(options.specDir, source.root)
      : join(cacheDir, 'synth', `s${params.sequences}-p${params.patches}-seed${params.seed}-${photoTag}`);
    if (!existsSync(join(root, 'manifest.json'))) {
      // Only a cache folder may be replaced; a user's root that holds something else is an error.
      await synthDataset({ out: root, ...params, photos, cacheDir, force: !source.root });
    }
    dataset = await loadDataset({ root, layout: 'nhpatches', patchSize });
  } else {
    const root = resolve(options.specDir, source.root);
    dataset = await loadDataset({
      root,
      layout: source.type,
      patchSize,
      ...(source.sequences ? { sequences: source.sequences } : {}),
      ...(source.type === 'hpatches' && source.noise ? { noise: source.noise } : {}),
    });
  }
  const split = resolveSplit({
    split: spec.split,
    available: dataset.sequences.map((s) => s.name),
    datasetSplits: dataset.declaredSplits,
  });
  return { dataset, split };
}

function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}
