import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The folder of trellis's own package.json, from the source tree (tsx) or from dist/ alike. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = join(dir, 'package.json');
    if (existsSync(p) && (JSON.parse(readFileSync(p, 'utf8')) as { name?: string }).name === 'trellis') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find trellis's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}
