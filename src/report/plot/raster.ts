/**
 * An RGB raster with the few drawing operations plots need: anti-aliased thick segments and discs
 * (coverage from the distance to the shape), crisp rectangles and dashed lines, bitmap text, PNG output.
 */
import { PNG } from 'pngjs';
import { GLYPH_ADVANCE, GLYPH_WIDTH, glyphRows, textWidth } from './bitmap-font.js';

export type Rgb = readonly [number, number, number];

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** Row-major RGBA bytes (alpha always 255). */
  readonly data: Uint8Array;
}

export function createRaster(width: number, height: number, background: Rgb = [255, 255, 255]): Raster {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...background, 255], i * 4);
  return { width, height, data };
}

/** Mixes `color` into the pixel with weight `alpha` (0–1); pixels outside the raster are ignored. */
export function blendPixel(r: Raster, x: number, y: number, color: Rgb, alpha = 1): void {
  if (x < 0 || y < 0 || x >= r.width || y >= r.height || alpha <= 0) return;
  const a = Math.min(1, alpha);
  const i = (y * r.width + x) * 4;
  for (let c = 0; c < 3; c++) r.data[i + c] = Math.round(r.data[i + c] * (1 - a) + color[c] * a);
}

export function fillRect(r: Raster, x: number, y: number, w: number, h: number, color: Rgb): void {
  for (let yy = Math.max(0, y); yy < Math.min(r.height, y + h); yy++) {
    for (let xx = Math.max(0, x); xx < Math.min(r.width, x + w); xx++) blendPixel(r, xx, yy, color);
  }
}

export function strokeRect(r: Raster, x: number, y: number, w: number, h: number, color: Rgb): void {
  fillRect(r, x, y, w, 1, color);
  fillRect(r, x, y + h - 1, w, 1, color);
  fillRect(r, x, y, 1, h, color);
  fillRect(r, x + w - 1, y, 1, h, color);
}

/** A segment of `width` pixels between pixel centres, anti-aliased; `clip` limits it to a rectangle. */
export function drawSegment(
  r: Raster,
  from: readonly [number, number],
  to: readonly [number, number],
  o: { color: Rgb; width?: number; clip?: Box },
): void {
  const half = (o.width ?? 2) / 2;
  const [x0, y0] = from;
  const [x1, y1] = to;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const box = clipBox(r, o.clip);
  const xa = Math.max(box.x, Math.floor(Math.min(x0, x1) - half - 1));
  const xb = Math.min(box.x + box.w - 1, Math.ceil(Math.max(x0, x1) + half + 1));
  const ya = Math.max(box.y, Math.floor(Math.min(y0, y1) - half - 1));
  const yb = Math.min(box.y + box.h - 1, Math.ceil(Math.max(y0, y1) + half + 1));
  for (let y = ya; y <= yb; y++) {
    for (let x = xa; x <= xb; x++) {
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / len2));
      const d = Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy));
      blendPixel(r, x, y, o.color, half + 0.5 - d);
    }
  }
}

/** A filled anti-aliased disc (series markers). */
export function drawDisc(r: Raster, cx: number, cy: number, radius: number, color: Rgb): void {
  for (let y = Math.floor(cy - radius - 1); y <= Math.ceil(cy + radius + 1); y++) {
    for (let x = Math.floor(cx - radius - 1); x <= Math.ceil(cx + radius + 1); x++) {
      blendPixel(r, x, y, color, radius + 0.5 - Math.hypot(x - cx, y - cy));
    }
  }
}

/** A 1-pixel vertical dashed line from y0 to y1 (LR-change markers). */
export function drawDashedVertical(
  r: Raster,
  x: number,
  y0: number,
  y1: number,
  o: { color: Rgb; dash?: number; gap?: number },
): void {
  const dash = o.dash ?? 5;
  const period = dash + (o.gap ?? 4);
  for (let y = y0; y <= y1; y++) if ((y - y0) % period < dash) blendPixel(r, Math.round(x), y, o.color);
}

/** A 1-pixel horizontal dashed line (legend sample of a vertical marker). */
export function drawDashedHorizontal(r: Raster, x0: number, x1: number, y: number, color: Rgb): void {
  for (let x = x0; x <= x1; x++) if ((x - x0) % 9 < 5) blendPixel(r, x, Math.round(y), color);
}

export type TextAlign = 'left' | 'center' | 'right';

/**
 * Draws `text` with its top-left (after alignment) at (x, y), each font pixel a `scale`×`scale` block.
 * `rotate: true` turns it 90° anticlockwise (y-axis labels): then (x, y) is the bottom-left before
 * alignment, and alignment runs along the vertical.
 */
export function drawText(
  r: Raster,
  text: string,
  x: number,
  y: number,
  o: { color?: Rgb; scale?: number; align?: TextAlign; rotate?: boolean; bold?: boolean } = {},
): void {
  x = Math.round(x);
  y = Math.round(y);
  if (o.bold) drawText(r, text, o.rotate ? x : x + 1, o.rotate ? y - 1 : y, { ...o, bold: false });
  const scale = o.scale ?? 1;
  const color = o.color ?? [0, 0, 0];
  const w = textWidth(text, scale);
  const shift = o.align === 'center' ? Math.round(w / 2) : o.align === 'right' ? w : 0;
  const put = (px: number, py: number) => {
    // px along the text, py down the glyph, in font pixels of the unrotated text.
    for (let sy = 0; sy < scale; sy++) {
      for (let sx = 0; sx < scale; sx++) {
        const u = px * scale + sx - shift;
        const v = py * scale + sy;
        if (o.rotate) blendPixel(r, x + v, y - u, color);
        else blendPixel(r, x + u, y + v, color);
      }
    }
  };
  [...text].forEach((ch, i) => {
    const rows = glyphRows(ch);
    for (let row = 0; row < rows.length; row++) {
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        if ((rows[row] >> (GLYPH_WIDTH - 1 - col)) & 1) {
          put(i * GLYPH_ADVANCE + col, row);
        }
      }
    }
  });
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

function clipBox(r: Raster, clip: Box | undefined): Box {
  return clip ?? { x: 0, y: 0, w: r.width, h: r.height };
}

/** RGB PNG bytes (deterministic: same raster, same bytes). */
export function encodeRasterPng(r: Raster): Buffer {
  const png = new PNG({ width: r.width, height: r.height, colorType: 2, inputColorType: 6 });
  png.data = Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength);
  return PNG.sync.write(png, { colorType: 2, inputColorType: 6 });
}
