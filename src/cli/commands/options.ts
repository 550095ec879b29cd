/** Commander collector for a repeatable `--set path=value`. */
export function collectSet(value: string, previous: string[]): string[] {
  return [...previous, value];
}
