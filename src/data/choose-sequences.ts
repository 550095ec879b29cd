/**
 * Which sequences a sampler uses: a seeded random draw of k from one side of the split (as the study
 * draws its denoiser's 3 train / 1 validation sequences), all of them, or an explicit list.
 */
import { createRng, shuffleInPlace } from '../random/seeded-rng.js';
import { suggest } from '../diagnostics/suggest.js';

export type SequenceChoice = number | 'all' | readonly string[];

export function chooseSequences(options: {
  choice: SequenceChoice | undefined;
  /** The split side to choose from, e.g. the train list. */
  from: readonly string[];
  seed: number;
  /** Names the draw (e.g. `denoiser/train`), so two samplers with one seed draw independently. */
  label: string;
}): string[] {
  const { choice, from, seed, label } = options;
  if (choice === undefined || choice === 'all') return [...from];
  if (typeof choice === 'number') {
    if (!Number.isInteger(choice) || choice < 1 || choice > from.length) {
      throw new Error(`${label}: asks for ${choice} sequences, but the split side has ${from.length}`);
    }
    const sorted = [...from].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return shuffleInPlace(sorted, createRng(`choose:${seed}:${label}`)).slice(0, choice);
  }
  for (const name of choice) {
    if (!from.includes(name)) {
      const hint = suggest(name, from);
      throw new Error(
        `${label}: sequence "${name}" is not on this side of the split${hint ? `; ${hint}` : ''}`,
      );
    }
  }
  return [...choice];
}
