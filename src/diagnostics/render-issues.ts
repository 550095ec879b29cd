import { isAbsolute, relative } from 'node:path';
import { formatPointer } from '../spec/json-pointer.js';
import { COMMAND_LINE, locate } from '../spec/source-map.js';
import type { SourceLocation, SourceMap } from '../spec/source-map.js';
import type { SpecIssue } from './issue.js';

/** An issue with its place in the files resolved, ready to print or to emit as JSON. */
export interface LocatedIssue {
  readonly code: string;
  /** File relative to cwd (or `<command line>`). */
  readonly file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  readonly line: number;
  readonly col: number;
  /** The spec path in dotted / bracket form, e.g. `models.denoiser.layers[7].inputs[1]`. */
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
  /** `file:line:col` of each related pointer. */
  readonly related?: readonly string[];
}

/** Resolves every issue's position (its own, else its pointer's in the source map) and sorts by file and line. */
export function locateIssues(
  issues: readonly SpecIssue[],
  sourceMap: SourceMap,
  cwd = process.cwd(),
): LocatedIssue[] {
  const located = issues.map((issue): LocatedIssue => {
    const at = issue.location ?? locate(sourceMap, issue.pointer);
    return {
      code: issue.code,
      file: at ? showFile(at.file, cwd) : '<unknown>',
      line: at?.line ?? 0,
      col: at?.col ?? 0,
      path: formatPointer(issue.pointer),
      message: issue.message,
      ...(issue.hint ? { hint: issue.hint } : {}),
      ...(issue.related?.length
        ? { related: issue.related.map((p) => showPlace(locate(sourceMap, p), cwd) ?? formatPointer(p)) }
        : {}),
    };
  });
  return located.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.col - b.col ||
      a.message.localeCompare(b.message),
  );
}

/** One line per issue: `file:line:col  path  message[; hint]`. */
export function formatIssue(issue: LocatedIssue): string {
  const place = placeText(issue.file, issue.line, issue.col);
  const related = issue.related?.length ? ` (see ${issue.related.join(', ')})` : '';
  return `${place}  ${issue.path}  ${issue.message}${issue.hint ? `; ${issue.hint}` : ''}${related}`;
}

/** Every issue, located, sorted and formatted, one per line (with a trailing newline when any). */
export function renderIssues(
  issues: readonly SpecIssue[],
  sourceMap: SourceMap,
  cwd = process.cwd(),
): string {
  return locateIssues(issues, sourceMap, cwd)
    .map((i) => `${formatIssue(i)}\n`)
    .join('');
}

function placeText(file: string, line: number, col: number): string {
  if (file === COMMAND_LINE) return `${file}:--set ${line}`;
  return line > 0 ? `${file}:${line}:${col}` : file;
}

function showPlace(at: SourceLocation | undefined, cwd: string): string | undefined {
  return at ? placeText(showFile(at.file, cwd), at.line, at.col) : undefined;
}

function showFile(file: string, cwd: string): string {
  if (file === COMMAND_LINE || !isAbsolute(file)) return file;
  return relative(cwd, file).split('\\').join('/');
}
