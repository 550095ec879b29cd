import { PNG } from 'pngjs';
import type { Rgb } from '../../../src/report/plot/raster.js';

export function decodePng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

/** Pixels within `tol` of `color` in the rectangle (x0, y0)–(x1, y1) (exclusive ends; default: whole image). */
export function countColor(
  png: PNG,
  color: Rgb,
  box?: { x0: number; y0: number; x1: number; y1: number },
  tol = 40,
): number {
  const { x0 = 0, y0 = 0, x1 = png.width, y1 = png.height } = box ?? {};
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      if (
        Math.abs(png.data[i] - color[0]) +
          Math.abs(png.data[i + 1] - color[1]) +
          Math.abs(png.data[i + 2] - color[2]) <=
        tol
      )
        n++;
    }
  }
  return n;
}
