/**
 * `trellis data synth`: an N-HPatches-layout stand-in benchmark (and/or the 65-px HPatches release
 * layout) generated from real photographs, deterministically from a seed (byte-identical files for
 * the same seed, photos and Node major). Written into a hidden temp folder next to `out` and renamed
 * when complete, so an interrupted run leaves no half-written dataset.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { NoiseModel } from '../../schema/generated/experiment.js';
import { IMAGE_TYPES, LEVELS, type Level } from '../dataset.js';
import { resizePatchStack } from '../area-resize.js';
import { addNoise, resolveNoiseModel, type ResolvedNoiseModel } from '../noise-model.js';
import { encodeGrayPng } from '../png-gray.js';
import { buildSequence, type BuiltSequence } from './build-sequence.js';
import { ensureDebianPhotos } from './debian-photos.js';
import { limitSize, orient, toFloatImage } from './float-image.js';
import { KAPPA, median, TARGET_OVERLAP } from './jitter.js';
import { builtinPhotoDir, listPhotoFiles, photoName, decodePhoto } from './photo-set.js';
import { planSequences, planSplits } from './plan-sequences.js';
import { SOURCE_PATCH } from './extract-patch.js';

export type SynthLayout = 'nhpatches' | 'hpatches' | 'both';

export interface SynthOptions {
  readonly out: string;
  readonly sequences: number;
  readonly patches: number;
  readonly seed?: number;
  /** `builtin` (default), `debian` (builtin + Debian wallpaper photos), or a folder of PNG/JPEG photos. */
  readonly photos?: string;
  /** nhpatches (default): `<out>/<seq>/`; hpatches: 65-px clean stacks; both: `<out>/nhpatches/`, `<out>/hpatches/`. */
  readonly layout?: SynthLayout;
  /** Patch side of the N-HPatches layout (default 32). */
  readonly patchSize?: number;
  readonly noise?: NoiseModel;
  /** Replace an existing `out` (default: refuse). */
  readonly force?: boolean;
  readonly cacheDir?: string;
  readonly onProgress?: (event: {
    readonly sequence: string;
    readonly index: number;
    readonly total: number;
    readonly count: number;
  }) => void;
}

export interface SynthReport {
  readonly out: string;
  readonly sequences: readonly { readonly name: string; readonly count: number }[];
  readonly overlap: Readonly<Record<Level, number>>;
}

/** Longest photo side used (larger photos are area-downscaled first). */
const MAX_PHOTO_SIDE = 1024;
/** Overlap medians are checked against the targets once a level has this many jitter draws. */
const OVERLAP_CHECK_DRAWS = 500;

export async function synthDataset(options: SynthOptions): Promise<SynthReport> {
  const out = resolve(options.out);
  const seed = options.seed ?? 7;
  const layout = options.layout ?? 'nhpatches';
  const patchSize = options.patchSize ?? 32;
  if (!(Number.isInteger(options.sequences) && options.sequences >= 2))
    throw new Error(`--sequences must be an integer ≥ 2 (train and test), got ${options.sequences}`);
  if (!(Number.isInteger(options.patches) && options.patches >= 1))
    throw new Error(`--patches must be a positive integer, got ${options.patches}`);
  if (existsSync(out) && !options.force && (await readdir(out)).length > 0) {
    throw new Error(
      `${out}: already exists and is not empty; remove it, pick another --out, or pass --force to replace it`,
    );
  }
  const noise = resolveNoiseModel({ seed, ...options.noise });
  const photos = await resolvePhotos(options.photos ?? 'builtin', options.cacheDir);
  const plan = planSequences({ photoNames: photos.map((p) => p.name), sequences: options.sequences, seed });
  const splits = planSplits(plan, seed);

  const tmp = join(dirname(out), `.${basename(out)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const roots =
    layout === 'both'
      ? { nhpatches: join(tmp, 'nhpatches'), hpatches: join(tmp, 'hpatches') }
      : { [layout]: tmp };
  try {
    const overlaps: Record<Level, number[]> = { easy: [], hard: [], tough: [] };
    const built: Omit<BuiltSequence, 'stacks' | 'overlaps'>[] = [];
    const decoded = new Map<number, ReturnType<typeof toFloatImage>>();
    for (const [index, seq] of plan.entries()) {
      let photo = decoded.get(seq.photo);
      if (!photo) {
        const p = photos[seq.photo];
        photo = limitSize(toFloatImage(decodePhoto(p.bytes, p.file)), MAX_PHOTO_SIDE);
        decoded.set(seq.photo, photo);
      }
      const s = buildSequence({
        name: seq.name,
        kind: seq.kind,
        photo: orient(photo, seq.variant, seq.variant >= 4),
        patches: options.patches,
        seed,
      });
      for (const level of LEVELS) overlaps[level].push(...s.overlaps[level]);
      await writeSequence({ roots, sequence: s, patchSize, noise });
      const { stacks: _s, overlaps: _o, ...meta } = s;
      built.push(meta);
      options.onProgress?.({ sequence: s.name, index, total: plan.length, count: s.count });
    }
    const overlap = checkOverlaps(overlaps);
    const manifest = {
      generator: 'trellis data synth',
      format: 1,
      node: process.versions.node.split('.')[0],
      parameters: {
        sequences: options.sequences,
        patches: options.patches,
        seed,
        photos: options.photos ?? 'builtin',
        layout,
        patch_size: patchSize,
      },
      noise,
      jitter: { kappa: KAPPA, target_overlap: TARGET_OVERLAP, measured_median_overlap: overlap },
      photos: photos.map((p) => ({
        name: p.name,
        file: basename(p.file),
        sha256: p.sha256,
        origin: p.origin,
        licence: p.licence,
      })),
      sequences: built.map((s, i) => ({
        ...s,
        kind: plan[i].kind,
        photo: photos[plan[i].photo].name,
        variant: plan[i].variant,
      })),
    };
    for (const [name, root] of Object.entries(roots)) {
      await writeFile(join(root, 'splits.json'), JSON.stringify(splits, null, 1) + '\n');
      await writeFile(
        join(root, 'manifest.json'),
        JSON.stringify({ ...manifest, layout: name }, null, 1) + '\n',
      );
    }
    await replaceFolder(tmp, out, options.force ?? false);
    return { out, sequences: built.map((s) => ({ name: s.name, count: s.count })), overlap };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

interface SourcePhoto {
  readonly name: string;
  readonly file: string;
  readonly bytes: Buffer;
  readonly sha256: string;
  readonly origin: string;
  readonly licence: string;
}

async function resolvePhotos(photos: string, cacheDir: string | undefined): Promise<SourcePhoto[]> {
  const entries: { file: string; origin: string; licence: string }[] = [];
  const builtin = photos === 'builtin' || photos === 'debian';
  const dir = builtin ? builtinPhotoDir() : photos;
  for (const file of await listPhotoFiles(dir)) {
    entries.push({
      file,
      origin: builtin ? 'trellis assets/photos' : 'user folder',
      licence: builtin ? 'see assets/photos/SOURCES.md' : 'as given by the user',
    });
  }
  if (photos === 'debian') entries.push(...(await ensureDebianPhotos(cacheDir)));
  const seen = new Set<string>();
  const out: SourcePhoto[] = [];
  for (const e of entries) {
    const name = photoName(e.file);
    if (seen.has(name)) throw new Error(`${e.file}: two photos reduce to the name "${name}"; rename one`);
    seen.add(name);
    const bytes = await readFile(e.file);
    out.push({ ...e, name, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  return out;
}

async function writeSequence(options: {
  roots: Partial<Record<'nhpatches' | 'hpatches', string>>;
  sequence: BuiltSequence;
  patchSize: number;
  noise: ResolvedNoiseModel;
}): Promise<void> {
  const { roots, sequence: s, patchSize, noise } = options;
  if (roots.hpatches) {
    const dir = join(roots.hpatches, s.name);
    await mkdir(dir, { recursive: true });
    for (const type of IMAGE_TYPES) {
      await writeFile(
        join(dir, `${type}.png`),
        encodeGrayPng({ width: SOURCE_PATCH, height: SOURCE_PATCH * s.count, data: s.stacks[type] }),
      );
    }
  }
  if (roots.nhpatches) {
    const dir = join(roots.nhpatches, s.name);
    await mkdir(dir, { recursive: true });
    for (const type of IMAGE_TYPES) {
      const clean = {
        count: s.count,
        data: resizePatchStack(s.stacks[type], s.count, SOURCE_PATCH, patchSize),
      };
      const noisy = addNoise({ clean, patchSize, model: noise, sequence: s.name, type });
      const size = { width: patchSize, height: patchSize * s.count };
      await writeFile(join(dir, `${type}.png`), encodeGrayPng({ ...size, data: clean.data }));
      await writeFile(join(dir, `${type}_noise.png`), encodeGrayPng({ ...size, data: noisy.data }));
    }
  }
}

/** Median overlap per level; fails when a well-sampled level is off its target by more than 0.02. */
function checkOverlaps(overlaps: Record<Level, number[]>): Record<Level, number> {
  const result = {} as Record<Level, number>;
  for (const level of LEVELS) {
    const m = overlaps[level].length ? median(overlaps[level]) : NaN;
    if (overlaps[level].length >= OVERLAP_CHECK_DRAWS && Math.abs(m - TARGET_OVERLAP[level]) > 0.02) {
      throw new Error(
        `synth: median ${level} overlap ${m.toFixed(3)} is off the target ${TARGET_OVERLAP[level]} by more than 0.02; the jitter calibration (KAPPA in jitter.ts) is wrong`,
      );
    }
    result[level] = Math.round(m * 1000) / 1000;
  }
  return result;
}

async function replaceFolder(tmp: string, out: string, force: boolean): Promise<void> {
  await mkdir(dirname(out), { recursive: true });
  if (existsSync(out)) {
    if (!force && (await readdir(out)).length > 0)
      throw new Error(`${out}: appeared while generating; not replacing it without --force`);
    const old = `${tmp}.old`;
    await rename(out, old);
    await rename(tmp, out);
    await rm(old, { recursive: true, force: true });
    return;
  }
  await rename(tmp, out);
}
