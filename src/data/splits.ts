/**
 * Train/test sequence lists. Named splits come from the dataset's own `splits.json` (generated datasets
 * declare `a`) and otherwise from the HPatches benchmark's splits (a copy of hpatches-benchmark
 * `tasks/splits/splits.json`, split `a` = the ECCV-2016 DESCRW split used by the study).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SplitSpec } from '../schema/generated/experiment.js';
import { suggest } from '../diagnostics/suggest.js';
import type { DeclaredSplit } from './dataset.js';
import hpatchesSplits from './splits/hpatches-splits.json' with { type: 'json' };

export type SplitEntry = DeclaredSplit;
export type SplitsFile = Readonly<Record<string, SplitEntry>>;

export interface ResolvedSplit {
  readonly name: string;
  readonly train: readonly string[];
  readonly test: readonly string[];
  /** Sequences a named split lists that the dataset does not have (a partial download, say). */
  readonly absent: readonly string[];
}

export const HPATCHES_SPLITS: SplitsFile = hpatchesSplits as SplitsFile;

/** Reads `<root>/splits.json` if the dataset declares its own splits; undefined when there is none. */
export async function readDatasetSplits(root: string): Promise<SplitsFile | undefined> {
  const file = join(root, 'splits.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  for (const [name, entry] of Object.entries(parsed as Record<string, SplitEntry>)) {
    if (!Array.isArray(entry?.test) || (entry.train !== undefined && !Array.isArray(entry.train))) {
      throw new Error(
        `${file}: split "${name}" needs a "test" list (and optionally "train") of sequence names`,
      );
    }
  }
  return parsed as SplitsFile;
}

/**
 * Resolves a split against the sequences a dataset has. Explicit lists must name existing sequences;
 * a named split keeps the sequences present and reports the others in `absent`, but fails when it
 * matches none (e.g. split `a` on a generated dataset without a splits.json).
 */
export function resolveSplit(options: {
  split: SplitSpec | undefined;
  available: readonly string[];
  datasetSplits?: SplitsFile;
}): ResolvedSplit {
  const { available, datasetSplits } = options;
  const split = options.split ?? 'a';
  const have = new Set(available);
  if (typeof split !== 'string') {
    for (const side of ['train', 'test'] as const) {
      for (const name of split[side]) {
        if (!have.has(name)) {
          const hint = suggest(name, available);
          throw new Error(
            `split.${side}: sequence "${name}" is not in the dataset${hint ? `; ${hint}` : ''}`,
          );
        }
      }
    }
    const overlap = split.train.filter((s) => split.test.includes(s));
    if (overlap.length > 0) throw new Error(`split: ${overlap.join(', ')} listed in both train and test`);
    return { name: 'custom', train: [...split.train], test: [...split.test], absent: [] };
  }
  const entry = datasetSplits?.[split] ?? HPATCHES_SPLITS[split];
  if (entry === undefined) {
    const known = [...new Set([...Object.keys(datasetSplits ?? {}), ...Object.keys(HPATCHES_SPLITS)])].sort();
    throw new Error(
      `split "${split}" is not defined; known splits: ${known.join(', ')}; or give {train: [...], test: [...]}`,
    );
  }
  const train = (entry.train ?? []).filter((s) => have.has(s));
  const test = entry.test.filter((s) => have.has(s));
  if (train.length + test.length === 0) {
    throw new Error(
      `split "${split}" names none of the dataset's ${available.length} sequences (${available.slice(0, 3).join(', ')}…); ` +
        'add a splits.json to the dataset or give split: {train: [...], test: [...]}',
    );
  }
  const absent = [...(entry.train ?? []), ...entry.test].filter((s) => !have.has(s));
  return { name: split, train, test, absent };
}
