/**
 * Photographs that `data synth` cuts its sequences from: the committed set in assets/photos, a user's
 * folder, or the Debian wallpaper packages. Every photo is decoded to 8-bit luma (BT.601) with one pinned
 * pure-JS decoder per format (pngjs, jpeg-js), so the same files give the same pixels on every machine.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, extname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { decodePngToLuma, rgbaToLuma, type GrayImage } from '../png-gray.js';

const PHOTO_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** The committed photo set, found from this module whether it runs from src/ or dist/src/. */
export function builtinPhotoDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'assets', 'photos');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(
    'assets/photos not found above the trellis install; reinstall trellis or pass --photos <dir>',
  );
}

export function decodePhoto(bytes: Uint8Array, file: string): GrayImage {
  const ext = extname(file).toLowerCase();
  if (ext === '.png') return decodePngToLuma(bytes, file);
  try {
    // Limits raised for 20 MP wallpapers; jpeg-js defaults stop at 100 MP / 512 MB.
    const img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: 200,
      maxMemoryUsageInMB: 2048,
    });
    return { width: img.width, height: img.height, data: rgbaToLuma(img.data, img.width * img.height) };
  } catch (err) {
    throw new Error(`${file}: cannot decode JPEG (${(err as Error).message})`);
  }
}

export function photoName(file: string): string {
  return basename(file, extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Lists the photos of a folder in byte order of their names (not locale order, which varies by machine). */
export async function listPhotoFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    throw new Error(
      `${dir}: photo folder not found; pass a folder of PNG/JPEG photographs, "debian", or omit --photos`,
    );
  }
  const files = entries.filter((f) => PHOTO_EXTENSIONS.has(extname(f).toLowerCase()) && !f.startsWith('.'));
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (files.length === 0) throw new Error(`${dir}: no .png/.jpg photographs in this folder`);
  return files.map((f) => join(dir, f));
}
