import { parsePointer, toPointer } from './json-pointer.js';

/** Where a value came from. For `--set`, file is COMMAND_LINE and line is the 1-based `--set` index. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** The file name used for values given by `--set` on the command line. */
export const COMMAND_LINE = '<command line>';

/** Every JSON pointer of the resolved spec → where its value (for a mapping entry: its key) was written. */
export type SourceMap = ReadonlyMap<string, SourceLocation>;

/**
 * The location of `pointer`, or of its nearest ancestor that has one (a default that was filled in, a key
 * that is missing, a value expanded from a YAML alias).
 */
export function locate(sourceMap: SourceMap, pointer: string): SourceLocation | undefined {
  const segments = parsePointer(pointer);
  for (let n = segments.length; n >= 0; n--) {
    const found = sourceMap.get(toPointer(segments.slice(0, n)));
    if (found) return found;
  }
  return undefined;
}
