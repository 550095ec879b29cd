import type { ImageType, Level } from '../../data/dataset.js';

const PREFIX: Record<Level, 'e' | 'h' | 't'> = { easy: 'e', hard: 'h', tough: 't' };

/** The benchmark's `id2t`: image id 0 is `ref` at every level, k = 1–5 is `e k` / `h k` / `t k`. */
export function imageType(id: number, level: Level): ImageType {
  return id === 0 ? 'ref' : (`${PREFIX[level]}${id}` as ImageType);
}
