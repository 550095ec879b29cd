/**
 * Which photo each generated sequence comes from, its kind (`i_` / `v_`) and the split. Photos are
 * taken in a seeded order; prefixes alternate so about half the sequences are illumination and half
 * viewpoint. With more sequences than photos a photo is reused turned by a quarter turn (and
 * mirrored after four uses). The test side of split `a` takes whole photos (about 40/116 of them, as
 * HPatches), so a photo never feeds both train and test.
 */
import { createRng, shuffleInPlace } from '../../random/seeded-rng.js';
import type { DeclaredSplit } from '../dataset.js';
import type { SequenceKind } from './render-targets.js';

export interface PlannedSequence {
  readonly name: string;
  readonly kind: SequenceKind;
  /** Index into the photo list. */
  readonly photo: number;
  /** 0 for the photo as is; n > 0: turned n quarter turns, mirrored from n = 4. */
  readonly variant: number;
}

export function planSequences(options: {
  photoNames: readonly string[];
  sequences: number;
  seed: number;
}): PlannedSequence[] {
  const { photoNames, sequences, seed } = options;
  const order = shuffleInPlace(
    photoNames.map((_, i) => i),
    createRng(`synth:${seed}:plan`),
  );
  const plan: PlannedSequence[] = [];
  for (let j = 0; j < sequences; j++) {
    const photo = order[j % order.length];
    const variant = Math.floor(j / order.length);
    const kind: SequenceKind = j % 2 === 0 ? 'i' : 'v';
    plan.push({
      name: `${kind}_${photoNames[photo]}${variant > 0 ? variant + 1 : ''}`,
      kind,
      photo,
      variant,
    });
  }
  return plan;
}

/** splits.json for a generated dataset: `a` (train/test by photo), plus test-only `illum`, `view`, `full`. */
export function planSplits(plan: readonly PlannedSequence[], seed: number): Record<string, DeclaredSplit> {
  const photos = [...new Set(plan.map((p) => p.photo))];
  const names = plan.map((p) => p.name);
  let test: string[];
  if (photos.length >= 2) {
    const nTest = Math.min(photos.length - 1, Math.max(1, Math.round((photos.length * 40) / 116)));
    const testPhotos = new Set(shuffleInPlace([...photos], createRng(`synth:${seed}:split`)).slice(0, nTest));
    test = plan.filter((p) => testPhotos.has(p.photo)).map((p) => p.name);
  } else {
    // One photo only: split by sequence (train and test then share a photo).
    const nTest = Math.max(1, Math.round((plan.length * 40) / 116));
    test = shuffleInPlace([...names], createRng(`synth:${seed}:split`)).slice(0, nTest);
  }
  const train = names.filter((n) => !test.includes(n));
  return {
    a: { name: 'a', train, test },
    illum: { name: 'illum', test: names.filter((n) => n.startsWith('i_')) },
    view: { name: 'view', test: names.filter((n) => n.startsWith('v_')) },
    full: { name: 'full', test: names },
  };
}
