/**
 * `--photos debian`: real photographs from two Debian packages, fetched with `apt-get download` and
 * unpacked with `dpkg-deb -x` into a cache (no system install), checked against pinned sha256s, and
 * converted once to grey PNG (BT.601 luma, long side ≤ 1024) so later runs decode nothing large.
 * Licences: mate-backgrounds nature/ is GPL-2+; lomiri-wallpapers-16.04 is CC-BY-4.0 / CC-BY-SA-4.0 /
 * CC0 per file (authors in the file names); the package copyright files are copied into the cache.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { encodeGrayPng } from '../png-gray.js';
import { decodePhoto } from './photo-set.js';
import { limitSize, toFloatImage } from './float-image.js';

interface DebianPhotoPackage {
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
  /** Folder inside the package holding the photos. */
  readonly dir: string;
  /** Files that are not photographs (gradients, abstract art). */
  readonly skip: readonly string[];
  readonly licence: string;
}

export const DEBIAN_PHOTO_PACKAGES: readonly DebianPhotoPackage[] = [
  {
    name: 'mate-backgrounds',
    version: '1.26.0-1',
    sha256: '7bf4c2209f34b4f61ba6d24c8b58c28b361e82e4b943aae6d42c030169af9e04',
    dir: 'usr/share/backgrounds/mate/nature',
    skip: [],
    licence: 'GPL-2+ (debian/copyright of mate-backgrounds)',
  },
  {
    name: 'lomiri-wallpapers-16.04',
    version: '20.04.0-2',
    sha256: 'a99ff6a3bfe451e4cc0682ecb3cc82e71740626d59e4845ae34a0a0e45421eab',
    dir: 'usr/share/backgrounds',
    skip: ['umang', 'analogpattern'],
    licence:
      'CC-BY-4.0, CC-BY-SA-4.0 or CC0-1.0 per file (debian/copyright of lomiri-wallpapers-16.04); author in the file name',
  },
];

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'trellis');
}

export interface DebianPhoto {
  readonly file: string;
  readonly origin: string;
  readonly licence: string;
}

/** Grey PNGs of the Debian photos, fetching and converting them into the cache on first use. */
export async function ensureDebianPhotos(cacheDir: string = defaultCacheDir()): Promise<DebianPhoto[]> {
  const photos: DebianPhoto[] = [];
  for (const pkg of DEBIAN_PHOTO_PACKAGES) {
    const dir = join(cacheDir, 'debian-photos', `${pkg.name}_${pkg.version}`);
    if (!existsSync(join(dir, 'copyright'))) await fetchPackage(pkg, dir);
    for (const f of (await readdir(dir)).filter((n) => n.endsWith('.png')).sort()) {
      photos.push({ file: join(dir, f), origin: `debian:${pkg.name}=${pkg.version}`, licence: pkg.licence });
    }
  }
  return photos;
}

async function fetchPackage(pkg: DebianPhotoPackage, dir: string): Promise<void> {
  const work = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(work, { recursive: true });
  try {
    try {
      await execa('apt-get', ['download', `${pkg.name}=${pkg.version}`], { cwd: work });
    } catch (err) {
      throw new Error(
        `--photos debian: \`apt-get download ${pkg.name}=${pkg.version}\` failed (${(err as Error).message.split('\n')[0]}); ` +
          'it needs a Debian/Ubuntu system with that version in its apt sources (run `apt-get update`), or use --photos <dir>',
      );
    }
    const deb = (await readdir(work)).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`--photos debian: apt-get download ${pkg.name} left no .deb in ${work}`);
    const bytes = await readFile(join(work, deb));
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== pkg.sha256)
      throw new Error(
        `${join(work, deb)}: sha256 ${sha}, expected ${pkg.sha256} for ${pkg.name} ${pkg.version}; the package changed`,
      );
    const root = join(work, 'root');
    await execa('dpkg-deb', ['-x', join(work, deb), root]);
    const out = join(work, 'out');
    await mkdir(out);
    const srcDir = join(root, pkg.dir);
    for (const f of (await readdir(srcDir)).filter((n) => /\.jpe?g$/i.test(n)).sort()) {
      const short = basename(f)
        .replace(/_by_.*$/i, '')
        .replace(/\.[^.]+$/, '')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '');
      if (pkg.skip.includes(short)) continue;
      const image = limitSize(
        toFloatImage(decodePhoto(await readFile(join(srcDir, f)), join(srcDir, f))),
        1024,
      );
      const data = new Uint8Array(image.data.length);
      for (let i = 0; i < data.length; i++) data[i] = Math.round(image.data[i]);
      await writeFile(
        join(out, `${short}.png`),
        encodeGrayPng({ width: image.width, height: image.height, data }),
      );
    }
    await copyFile(join(root, 'usr/share/doc', pkg.name, 'copyright'), join(out, 'copyright'));
    await mkdir(join(dir, '..'), { recursive: true });
    await rm(dir, { recursive: true, force: true });
    await rename(out, dir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
