/**
 * Reads one patch-stack PNG (a vertical stack of square grey patches) with checks that name the file:
 * missing, truncated/corrupt, colour, or a height that is not a whole number of patches.
 */
import { readFile } from 'node:fs/promises';
import { decodeGrayPng } from './png-gray.js';
import type { PatchStack } from './dataset.js';

export interface RawStack extends PatchStack {
  /** Patch side in the file (the stack width). */
  readonly side: number;
}

export async function readStackFile(file: string, expectedSide?: number): Promise<RawStack> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `${file}: missing file; every sequence needs all 16 image types`
        : `${file}: cannot read (${code})`,
    );
  }
  const image = decodeGrayPng(bytes, file);
  const side = image.width;
  if (expectedSide !== undefined && side !== expectedSide) {
    throw new Error(`${file}: stack is ${side} px wide, expected ${expectedSide} px patches for this layout`);
  }
  if (image.height % side !== 0) {
    throw new Error(
      `${file}: stack height ${image.height} is not a multiple of the patch size ${side} (${(image.height / side).toFixed(2)} patches); the file is cut or not a patch stack`,
    );
  }
  return { side, count: image.height / side, data: image.data };
}
