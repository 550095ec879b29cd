import { distance } from 'fastest-levenshtein';

/**
 * `did you mean "x"?` for a misspelt name, or undefined when nothing is close enough. Close means an edit
 * distance of at most a third of the longer word (2 for short words, so a swap of two letters
 * counts; 1 under four letters; none under three, where everything is close), or a case-insensitive match.
 */
export function suggest(name: string, known: Iterable<string>): string | undefined {
  const best = closest(name, known);
  return best === undefined ? undefined : `did you mean "${best}"?`;
}

export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    if (candidate === name) continue;
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const longer = Math.max(name.length, best.length);
  const limit = longer < 3 ? 0 : longer < 4 ? 1 : Math.max(2, Math.floor(longer / 3));
  return bestDistance <= limit ? best : undefined;
}

/** `a, b or c`, quoted, for "expected one of" messages. */
export function listOf(values: readonly unknown[], joiner = 'or'): string {
  const shown = values.map((v) => JSON.stringify(v));
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} ${joiner} ${shown[shown.length - 1]}`;
}
