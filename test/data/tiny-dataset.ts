/** Writes tiny N-HPatches / HPatches-release datasets into a temp folder for loader and sampler tests. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGE_TYPES } from '../../src/data/dataset.js';
import { encodeGrayPng } from '../../src/data/png-gray.js';

const made: string[] = [];

export async function tempDir(prefix = 'trellis-data-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir made in this test file (call from `after`). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Pixel value encoding (sequence, image type, patch, pixel) so tests can tell patches apart. */
export function pixel(seq: number, type: number, patch: number, i: number): number {
  return (seq * 61 + type * 13 + patch * 7 + i) % 251;
}

export function stackBytes(options: {
  seq: number;
  type: number;
  count: number;
  side: number;
  noisy?: boolean;
}): Uint8Array {
  const { seq, type, count, side, noisy } = options;
  const data = new Uint8Array(count * side * side);
  for (let p = 0; p < count; p++) {
    for (let i = 0; i < side * side; i++)
      data[p * side * side + i] = (pixel(seq, type, p, i) + (noisy ? 3 : 0)) % 256;
  }
  return data;
}

export async function writeStack(file: string, side: number, data: Uint8Array): Promise<void> {
  await writeFile(file, encodeGrayPng({ width: side, height: data.length / side, data }));
}

/** `<root>/<name>/` for each sequence: 16 clean stacks, plus `_noise` stacks in the nhpatches layout. */
export async function writeTinyDataset(options: {
  root: string;
  layout: 'nhpatches' | 'hpatches';
  sequences: readonly { name: string; count: number }[];
  side?: number;
}): Promise<void> {
  const side = options.side ?? (options.layout === 'hpatches' ? 65 : 32);
  for (const [s, seq] of options.sequences.entries()) {
    const dir = join(options.root, seq.name);
    await mkdir(dir, { recursive: true });
    for (const [t, type] of IMAGE_TYPES.entries()) {
      await writeStack(
        join(dir, `${type}.png`),
        side,
        stackBytes({ seq: s, type: t, count: seq.count, side }),
      );
      if (options.layout === 'nhpatches') {
        await writeStack(
          join(dir, `${type}_noise.png`),
          side,
          stackBytes({ seq: s, type: t, count: seq.count, side, noisy: true }),
        );
      }
    }
  }
}
