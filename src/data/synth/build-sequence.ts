/**
 * One generated sequence from one photograph: render 5 targets, detect DoG keypoints on the reference,
 * select frames, and sample the 16 stacks of 65×65 patches (ref; e/h/t × 5 targets with their level's
 * jitter). Every random draw comes from a generator named by (seed, sequence, purpose), so a sequence
 * does not depend on the others.
 */
import { createRng } from '../../random/seeded-rng.js';
import { IMAGE_TYPES, type ImageType, type Level } from '../dataset.js';
import { detectKeypoints, type Keypoint } from './detect-keypoints.js';
import { buildPyramid, type FloatImage } from './float-image.js';
import { drawJitter, jitterOverlap, jitterReach, KAPPA } from './jitter.js';
import { renderTargets, type SequenceKind } from './render-targets.js';
import { selectFrames, type Frame } from './select-frames.js';
import { extractPatch, SOURCE_PATCH } from './extract-patch.js';
import { levelOf } from '../noise-model.js';
import { createResizer } from '../area-resize.js';

/** Lowest DoG threshold tried for flat photos: Lowe's 2.55 grey levels halved four times. */
const MIN_CONTRAST = ((0.03 / 3) * 255) / 16;

export interface BuiltSequence {
  readonly name: string;
  readonly count: number;
  /** 65×65 clean stacks per image type. */
  readonly stacks: Readonly<Record<ImageType, Uint8Array>>;
  /** Reference → target homographies H_ref_1..5 (row-major). */
  readonly homographies: readonly number[][];
  /** Overlap (IoU) of each drawn jitter with its original region, per level. */
  readonly overlaps: Readonly<Record<Level, number[]>>;
  /** DoG contrast threshold that gave enough keypoints (lowered by halves when a photo is flat). */
  readonly contrast: number;
  /** Factor the photo was upsampled by to give enough patches (1 = not). */
  readonly upsampled: number;
}

/** Largest side a photo is upsampled to when it gives too few patches (small or flat photos). */
const MAX_UPSAMPLED_SIDE = 2048;

export interface SequenceOptions {
  readonly name: string;
  readonly kind: SequenceKind;
  readonly photo: FloatImage;
  readonly patches: number;
  readonly seed: number;
}

/**
 * Builds the sequence; when the photo gives fewer than `patches` frames, retries on the photo
 * upsampled 2× (then 4×, up to a 2048-px side), since smaller detections then fit the margins.
 */
export function buildSequence(options: SequenceOptions): BuiltSequence {
  let best = buildAtScale(options, 1);
  for (
    let factor = 2;
    best.count < options.patches &&
    Math.max(options.photo.width, options.photo.height) * factor <= MAX_UPSAMPLED_SIDE;
    factor *= 2
  ) {
    const { width, height, data } = options.photo;
    const up = new Float32Array(width * factor * height * factor);
    createResizer(width, height, width * factor, height * factor)(data, 0, up, 0);
    const attempt = buildAtScale(
      { ...options, photo: { width: width * factor, height: height * factor, data: up } },
      factor,
    );
    if (attempt.count > best.count) best = attempt;
  }
  return best;
}

function buildAtScale(options: SequenceOptions, upsampled: number): BuiltSequence {
  const { name, kind, photo, patches, seed } = options;
  const label = (purpose: string): string => `synth:${seed}:${name}:${purpose}`;
  const refPyramid = buildPyramid(photo);
  const targets = renderTargets({ kind, ref: photo, refPyramid, rng: createRng(label('targets')) });
  const homographies = targets.map((t) => t.h);

  // Detect once at the lowest threshold tried, then raise it back as far as the patch count allows.
  const all: Keypoint[] = detectKeypoints(photo, { contrast: MIN_CONTRAST });
  let contrast = (0.03 / 3) * 255;
  let frames: Frame[] = [];
  for (; ; contrast /= 2) {
    const keypoints = all.filter((k) => k.response > contrast);
    frames = selectFrames({
      keypoints,
      width: photo.width,
      height: photo.height,
      homographies,
      reach: jitterReach(KAPPA.tough),
      count: patches,
      rng: createRng(label('frames')),
    });
    if (frames.length >= patches || contrast / 2 < MIN_CONTRAST) break;
  }
  if (frames.length === 0)
    throw new Error(
      `${name}: no keypoint of the photo fits inside all its targets; use a larger or more textured photo`,
    );

  const count = frames.length;
  const side = SOURCE_PATCH * SOURCE_PATCH;
  const pyramids = targets.map((t) => buildPyramid(t.image));
  const overlaps: Record<Level, number[]> = { easy: [], hard: [], tough: [] };
  const stacks = {} as Record<ImageType, Uint8Array>;
  for (const type of IMAGE_TYPES) {
    const data = new Uint8Array(count * side);
    const rng = createRng(label(`jitter:${type}`));
    const target = type === 'ref' ? undefined : Number(type[1]) - 1;
    frames.forEach((frame, p) => {
      if (target === undefined) {
        extractPatch({ pyramid: refPyramid, frame, out: data, offset: p * side });
        return;
      }
      const level = levelOf(type);
      const jitter = drawJitter(KAPPA[level], rng);
      overlaps[level].push(jitterOverlap(jitter));
      extractPatch({
        pyramid: pyramids[target],
        frame,
        jitter,
        h: homographies[target],
        out: data,
        offset: p * side,
      });
    });
    stacks[type] = data;
  }
  return {
    name,
    count,
    stacks,
    homographies: homographies.map((h) => Array.from(h)),
    overlaps,
    contrast,
    upsampled,
  };
}
