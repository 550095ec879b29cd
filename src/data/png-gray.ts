/**
 * 8-bit grey PNG reading and writing for patch stacks (pngjs: pure JS, bit-exact on every machine).
 * Stacks must be grey: a colour stack is an error, because silently taking luma would hide a wrong file.
 */
import { PNG } from 'pngjs';

export interface GrayImage {
  readonly width: number;
  readonly height: number;
  /** Row-major, `width × height` bytes. */
  readonly data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const COLOUR_TYPES: Record<number, string> = { 2: 'RGB', 3: 'palette', 4: 'grey+alpha', 6: 'RGBA' };

/** Reads the IHDR header; throws a message naming `file` when the bytes are not a PNG. */
export function readPngHeader(
  bytes: Uint8Array,
  file: string,
): { width: number; height: number; depth: number; colorType: number } {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new Error(
      `${file}: not a PNG file (bad signature or shorter than a PNG header); re-create or re-download it`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20), depth: bytes[24], colorType: bytes[25] };
}

/** Decodes an 8-bit grey PNG; truncated or corrupt data and colour images are errors naming the file. */
export function decodeGrayPng(bytes: Uint8Array, file: string): GrayImage {
  const header = readPngHeader(bytes, file);
  if (header.colorType !== 0) {
    const kind = COLOUR_TYPES[header.colorType] ?? `colour type ${header.colorType}`;
    throw new Error(
      `${file}: ${kind} PNG, expected 8-bit grey patches; convert it to grey first (e.g. \`convert in.png -colorspace Gray out.png\`)`,
    );
  }
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new Error(
      `${file}: truncated or corrupt PNG (${(err as Error).message}); re-create or re-download it`,
    );
  }
  const n = png.width * png.height;
  const data = new Uint8Array(n);
  const rgba = png.data;
  for (let i = 0; i < n; i++) data[i] = rgba[i * 4];
  return { width: png.width, height: png.height, data };
}

/** Decodes any PNG to luma (BT.601, as OpenCV's grey read): for photographs, not for patch stacks. */
export function decodePngToLuma(bytes: Uint8Array, file: string): GrayImage {
  readPngHeader(bytes, file);
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new Error(`${file}: truncated or corrupt PNG (${(err as Error).message})`);
  }
  return { width: png.width, height: png.height, data: rgbaToLuma(png.data, png.width * png.height) };
}

/** BT.601 luma of RGBA pixels, rounded half up: Y = 0.299 R + 0.587 G + 0.114 B. */
export function rgbaToLuma(rgba: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const j = i * 4;
    out[i] = Math.floor(0.299 * rgba[j] + 0.587 * rgba[j + 1] + 0.114 * rgba[j + 2] + 0.5);
  }
  return out;
}

/** Encodes an 8-bit grey PNG (colour type 0), the file `cv2.imread(path, 0)` and pngjs both read. */
export function encodeGrayPng(image: GrayImage): Buffer {
  const png = {
    width: image.width,
    height: image.height,
    data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength),
  };
  return PNG.sync.write(png as PNG, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
}
