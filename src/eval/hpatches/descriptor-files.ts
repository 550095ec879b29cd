/**
 * Descriptors in the benchmark's file layout: `<root>/<descriptor>/<sequence>/<type>.csv`, one row per
 * patch, D values formatted `%10.5f`, separated by `;` (as KTD `generate_desc_csv` writes them; the
 * benchmark's `hpatches_eval.py --delimiter=';'` reads them). Reading also accepts `,`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IMAGE_TYPES, type ImageType } from '../../data/dataset.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import type { DescriptorSet, SequenceDescriptors } from './descriptor-set.js';
import { formatFixed5 } from './format-fixed.js';

export function formatDescriptorCsv(data: Float32Array, count: number, dim: number, separator = ';'): string {
  const rows: string[] = new Array(count);
  const cells: string[] = new Array(dim);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < dim; k++) cells[k] = formatFixed5(data[i * dim + k]);
    rows[i] = cells.join(separator);
  }
  return count === 0 ? '' : rows.join('\n') + '\n';
}

export interface ExportDescriptorsOptions {
  readonly descriptors: DescriptorSet;
  /** The output root; files go to `<dir>/<name>/<sequence>/<type>.csv`. */
  readonly dir: string;
  /** Descriptor name (the benchmark's results are keyed by it). */
  readonly name: string;
  readonly separator?: string;
}

/** Writes every file atomically; returns the descriptor folder. */
export async function exportDescriptors(options: ExportDescriptorsOptions): Promise<string> {
  const { descriptors, separator = ';' } = options;
  const root = join(options.dir, options.name);
  for (const seq of descriptors.sequences.values()) {
    for (const type of IMAGE_TYPES) {
      const text = formatDescriptorCsv(seq.images[type], seq.count, descriptors.dim, separator);
      await writeFileAtomic(join(root, seq.name, `${type}.csv`), text);
    }
  }
  return root;
}

function parseDescriptorCsv(text: string, path: string): { data: Float32Array; count: number; dim: number } {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) return { data: new Float32Array(0), count: 0, dim: 0 };
  const separator = lines[0].includes(';') ? ';' : ',';
  const dim = lines[0].split(separator).length;
  const data = new Float32Array(lines.length * dim);
  for (let i = 0; i < lines.length; i++) {
    const cells = lines[i].split(separator);
    if (cells.length !== dim)
      throw new Error(`${path}:${i + 1}: ${cells.length} values, the first row has ${dim}`);
    for (let k = 0; k < dim; k++) {
      const v = Number(cells[k]);
      if (Number.isNaN(v) && cells[k].trim().toLowerCase() !== 'nan') {
        throw new Error(`${path}:${i + 1}: value ${k + 1} is "${cells[k]}", not a number`);
      }
      data[i * dim + k] = v;
    }
  }
  return { data, count: lines.length, dim };
}

export interface ReadDescriptorsOptions {
  /** The descriptor folder (`<root>/<descriptor>`), holding one folder per sequence. */
  readonly dir: string;
  /** Sequences to read (default: every sub-folder). */
  readonly sequences?: readonly string[];
}

export async function readDescriptorFiles(options: ReadDescriptorsOptions): Promise<DescriptorSet> {
  const names =
    options.sequences ??
    (await readdir(options.dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  const sequences = new Map<string, SequenceDescriptors>();
  let dim = 0;
  for (const name of names) {
    const images: Partial<Record<ImageType, Float32Array>> = {};
    let count = -1;
    for (const type of IMAGE_TYPES) {
      const path = join(options.dir, name, `${type}.csv`);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT')
          throw new Error(`${path}: missing; a descriptor folder needs all 16 <type>.csv files per sequence`);
        throw err;
      }
      const parsed = parseDescriptorCsv(text, path);
      if (count >= 0 && parsed.count !== count)
        throw new Error(`${path}: ${parsed.count} rows, ${name}/ref.csv has ${count}`);
      if (parsed.count > 0) {
        if (dim > 0 && parsed.dim !== dim)
          throw new Error(`${path}: ${parsed.dim} values per row, other files have ${dim}`);
        dim = parsed.dim;
      }
      count = parsed.count;
      images[type] = parsed.data;
    }
    sequences.set(name, { name, count, images: images as Record<ImageType, Float32Array> });
  }
  return { dim, sequences };
}
