import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import type { SpecIssue } from '../diagnostics/issue.js';
import { childPointer } from './json-pointer.js';
import type { SourceLocation } from './source-map.js';

/** Aliases may be reused this many times in one file: enough for real specs, too few for a "billion laughs". */
export const MAX_ALIAS_COUNT = 100;

export interface YamlFile {
  /** The plain value (undefined when the text could not be parsed). */
  readonly value: unknown;
  /** Pointer (into this file's value) → position of the mapping key, list item or root. */
  readonly locations: Map<string, SourceLocation>;
  readonly issues: SpecIssue[];
}

/** Parses YAML text, keeping a position for every value; syntax errors and duplicate keys become issues. */
export function readYaml(text: string, file: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, merge: false });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  const issues: SpecIssue[] = [];
  for (const err of [...doc.errors, ...doc.warnings]) {
    issues.push({
      code: err.code === 'TAG_RESOLVE_FAILED' ? 'spec/yaml-tag' : 'spec/yaml-syntax',
      pointer: '',
      message:
        err.code === 'TAG_RESOLVE_FAILED'
          ? `${firstLine(err.message)}; trellis specs use plain YAML without custom tags`
          : `YAML syntax error: ${firstLine(err.message)}`,
      location: at(err.pos[0]),
    });
  }
  const locations = new Map<string, SourceLocation>();
  if (issues.length > 0) return { value: undefined, locations, issues };

  locations.set('', at(doc.contents?.range?.[0] ?? 0));
  walk(doc.contents, '', { at, locations, issues });
  if (issues.length > 0) return { value: undefined, locations, issues };
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), locations, issues };
  } catch (err) {
    issues.push({
      code: 'spec/yaml-alias-limit',
      pointer: '',
      message: `YAML aliases expand too far (${firstLine((err as Error).message)})`,
      hint: `use at most ${MAX_ALIAS_COUNT} alias expansions per file, or write the values out`,
      location: at(0),
    });
    return { value: undefined, locations, issues };
  }
}

interface WalkContext {
  readonly at: (offset: number) => SourceLocation;
  readonly locations: Map<string, SourceLocation>;
  readonly issues: SpecIssue[];
}

function walk(node: Node | null | undefined, pointer: string, ctx: WalkContext): void {
  if (!node || isAlias(node) || isScalar(node)) return;
  if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const p = childPointer(pointer, i);
      const n = item as Node;
      ctx.locations.set(p, ctx.at(n?.range?.[0] ?? node.range?.[0] ?? 0));
      walk(n, p, ctx);
    });
    return;
  }
  if (isMap(node)) {
    const seen = new Map<string, SourceLocation>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const keyAt = ctx.at(keyNode?.range?.[0] ?? node.range?.[0] ?? 0);
      if (keyNode && !isScalar(keyNode)) {
        ctx.issues.push({
          code: 'spec/yaml-complex-key',
          pointer,
          message: 'mapping keys must be plain names, not lists or mappings',
          location: keyAt,
        });
        continue;
      }
      const key = String(keyNode?.value ?? '');
      const p = childPointer(pointer, key);
      const first = seen.get(key);
      if (first) {
        ctx.issues.push({
          code: 'spec/duplicate-key',
          pointer: p,
          message: `duplicate key "${key}" (first at line ${first.line})`,
          hint: 'keep one of them',
          location: keyAt,
        });
        continue;
      }
      seen.set(key, keyAt);
      ctx.locations.set(p, keyAt);
      walk(pair.value as Node | null, p, ctx);
    }
  }
}

function firstLine(message: string): string {
  return message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/[.:]$/, '');
}
