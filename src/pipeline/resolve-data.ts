/**
 * The spec's `data:` section made concrete: a loaded PatchDataset and its train/test split. A `synth`
 * source is generated once into the data cache (keyed by its parameters, under a lock, so parallel
 * trials wait instead of generating it twice) and then read by the same loader as real N-HPatches.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hashOf } from '../io/canonical-json.js';
import { acquireDirLock } from '../io/dir-lock.js';
import type { PatchDataset } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { resolveSplit, type ResolvedSplit } from '../data/splits.js';
import { synthDataset } from '../data/synth/synth-dataset.js';
import type { DataSpec } from '../schema/generated/experiment.js';
import { dataCacheRoot } from './artifact-paths.js';

export interface ResolvedData {
  readonly dataset: PatchDataset;
  readonly split: ResolvedSplit;
  /** The folder the dataset was read from. */
  readonly root: string;
}

export interface ResolveDataOptions {
  readonly data: DataSpec;
  /** Folder of the spec file: relative paths in the spec resolve against it. */
  readonly specDir: string;
  readonly artifacts: string;
  readonly log?: (line: string) => void;
}

/** Generates a synth dataset into the cache unless it is there; returns its folder. */
async function ensureSynth(o: ResolveDataOptions & { data: { source: Extract<DataSpec['source'], { type: 'synth' }> } }): Promise<string> {
  const src = o.data.source;
  const patchSize = o.data.patch_size ?? 32;
  const params = { sequences: src.sequences ?? 12, patches: src.patches ?? 300, seed: src.seed ?? 7, photos: src.photos ?? 'builtin', patchSize };
  const photos = params.photos === 'builtin' || params.photos === 'debian' ? params.photos : resolve(o.specDir, params.photos);
  const out = src.root
    ? resolve(o.specDir, src.root)
    : join(dataCacheRoot(o.artifacts), `synth-${params.sequences}x${params.patches}-s${params.seed}-${hashOf({ ...params, photos }, 8)}`);
  if (existsSync(join(out, 'splits.json'))) return out;
  const lock = await acquireDirLock(`${out}.lock`, { onWait: () => o.log?.(`data: waiting for another trial generating ${out}`) });
  try {
    if (!existsSync(join(out, 'splits.json'))) {
      o.log?.(`data: generating ${params.sequences} sequences × ${params.patches} patches (seed ${params.seed}) into ${out}`);
      const t0 = performance.now();
      await synthDataset({ out, sequences: params.sequences, patches: params.patches, seed: params.seed, photos, patchSize, force: true });
      o.log?.(`data: generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await lock.release();
  }
  return out;
}

export async function resolveData(o: ResolveDataOptions): Promise<ResolvedData> {
  const src = o.data.source;
  const patchSize = o.data.patch_size ?? 32;
  let root: string;
  let dataset: PatchDataset;
  if (src.type === 'synth') {
    root = await ensureSynth({ ...o, data: { ...o.data, source: src } });
    dataset = await loadDataset({ root, layout: 'nhpatches', patchSize });
  } else {
    root = resolve(o.specDir, src.root);
    dataset = await loadDataset({
      root,
      layout: src.type,
      patchSize,
      sequences: src.sequences,
      noise: src.type === 'hpatches' ? src.noise : undefined,
    });
  }
  const split = resolveSplit({
    split: o.data.split,
    available: dataset.sequences.map((s) => s.name),
    datasetSplits: dataset.declaredSplits,
  });
  if (split.train.length === 0) throw new Error(`data: split "${split.name}" has no training sequences in ${root}`);
  if (split.test.length === 0) throw new Error(`data: split "${split.name}" has no test sequences in ${root}`);
  return { dataset, split, root };
}
