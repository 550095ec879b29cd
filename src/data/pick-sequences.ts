import { suggest } from '../diagnostics/suggest.js';
import type { PatchDataset, Sequence } from './dataset.js';

/** The dataset's sequences with these names, in the given order (all when names is undefined). */
export function pickSequences(dataset: PatchDataset, names: readonly string[] | undefined): Sequence[] {
  if (names === undefined) return [...dataset.sequences];
  const byName = new Map(dataset.sequences.map((s) => [s.name, s]));
  return names.map((name) => {
    const seq = byName.get(name);
    if (seq === undefined) {
      const hint = suggest(name, byName.keys());
      throw new Error(`sequence "${name}" is not loaded from ${dataset.root}${hint ? `; ${hint}` : ''}`);
    }
    return seq;
  });
}
