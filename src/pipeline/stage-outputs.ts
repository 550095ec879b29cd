/**
 * Derived data of a trained stage, stored beside its weights in the stage cache: the dataset passed
 * through the stage (the study's denoised patches). Made once per stage and postprocess, then read by
 * every trial that consumes it — a descriptor grid over one denoiser denoises the dataset once.
 * Layout: `<stageDir>/outputs/<postprocess>/{index.json, noisy.bin}`; noisy.bin holds the noisy stacks of
 * every sequence in dataset order, image types in IMAGE_TYPES order.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IMAGE_TYPES, type PatchDataset, type PatchImage, type Sequence } from '../data/dataset.js';

interface OutputIndex {
  readonly patchSize: number;
  readonly sequences: readonly { readonly name: string; readonly count: number }[];
}

function sameLayout(index: OutputIndex, dataset: PatchDataset): boolean {
  return (
    index.patchSize === dataset.patchSize &&
    index.sequences.length === dataset.sequences.length &&
    index.sequences.every((s, i) => s.name === dataset.sequences[i].name && s.count === dataset.sequences[i].count)
  );
}

async function readOutput(dir: string, dataset: PatchDataset): Promise<PatchDataset | undefined> {
  if (!existsSync(join(dir, 'index.json'))) return undefined;
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as OutputIndex;
  if (!sameLayout(index, dataset)) return undefined;
  const bytes = new Uint8Array(await readFile(join(dir, 'noisy.bin')));
  const p2 = dataset.patchSize * dataset.patchSize;
  let offset = 0;
  const sequences: Sequence[] = dataset.sequences.map((seq) => {
    const images = {} as Record<(typeof IMAGE_TYPES)[number], PatchImage>;
    for (const type of IMAGE_TYPES) {
      const n = seq.count * p2;
      images[type] = { clean: seq.images[type].clean, noisy: { count: seq.count, data: bytes.subarray(offset, offset + n) } };
      offset += n;
    }
    return { ...seq, images };
  });
  if (offset !== bytes.length) throw new Error(`${join(dir, 'noisy.bin')}: ${bytes.length} bytes, expected ${offset}; delete ${dir}`);
  return { ...dataset, sequences };
}

async function writeOutput(dir: string, dataset: PatchDataset): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const parts = dataset.sequences.flatMap((s) => IMAGE_TYPES.map((t) => s.images[t].noisy.data));
  await writeFile(join(tmp, 'noisy.bin'), Buffer.concat(parts));
  const index: OutputIndex = { patchSize: dataset.patchSize, sequences: dataset.sequences.map((s) => ({ name: s.name, count: s.count })) };
  await writeFile(join(tmp, 'index.json'), JSON.stringify(index));
  if (existsSync(dir)) await rm(tmp, { recursive: true, force: true }); // another trial made it meanwhile
  else await rename(tmp, dir);
}

/** The dataset after `stageDir`'s stage with `postprocess`, from its cache or made by `make` and stored. */
export async function stageOutput(o: {
  stageDir: string;
  postprocess: string;
  dataset: PatchDataset;
  make: () => Promise<PatchDataset>;
}): Promise<{ dataset: PatchDataset; cached: boolean }> {
  const dir = join(o.stageDir, 'outputs', o.postprocess);
  const cached = await readOutput(dir, o.dataset);
  if (cached) return { dataset: cached, cached: true };
  const made = await o.make();
  await mkdir(join(o.stageDir, 'outputs'), { recursive: true });
  await writeOutput(dir, made);
  return { dataset: made, cached: false };
}
