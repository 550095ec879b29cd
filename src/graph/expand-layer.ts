import type { SpecIssue } from '../diagnostics/issue.js';
import type { Blocks, Layer } from '../schema/generated/experiment.js';
import { kindOf } from './layers/index.js';
import type { InputRef, Scope, Site } from './scope.js';
import { BROKEN, issueAt } from './scope.js';
import { validateLayer } from './validate-layer.js';

/** One layer of a model after block expansion; inputs are resolved later (wire-graph.ts). */
export interface ExpandedNode {
  /** Unique name in the model: the id, scoped `<use>/<id>` inside blocks, or `<type>_<n>`. */
  readonly name: string;
  /** The layer with parameters substituted and schema defaults filled; undefined when invalid (reported). */
  readonly layer: Layer | undefined;
  readonly inputs: readonly InputRef[];
  readonly site: Site;
  /** Position in expansion order (the order the user wrote). */
  readonly index: number;
}

/** What an expansion has produced so far. */
export interface Expansion {
  readonly blocks: Blocks;
  readonly nodes: ExpandedNode[];
  readonly consumedByFailures: InputRef[];
  readonly issues: SpecIssue[];
}

export type Item = Record<string, unknown>;

export function defineId(
  x: Expansion,
  scope: Scope,
  id: string,
  target: string | null,
  site: Site,
  inBlock: boolean,
): void {
  if (inBlock && id === 'entry') {
    x.issues.push(
      issueAt(site, '/id', {
        code: 'graph/reserved-id',
        message: 'the id "entry" is reserved inside blocks for the block\'s input',
        hint: 'rename the layer',
      }),
    );
    return;
  }
  const earlier = scope.define(id, target, site);
  if (earlier) {
    x.issues.push({
      ...issueAt(site, '/id', {
        code: 'graph/duplicate-id',
        message: `duplicate id "${scope.fullName(id)}"; first defined at ${earlier.pointer}`,
        hint: 'give each layer a unique id (ids inside blocks are scoped per use)',
      }),
    });
  }
}

export function expandLayer(
  x: Expansion,
  item: Item,
  site: Site,
  scope: Scope,
  prev: InputRef | undefined,
  quiet: boolean,
): InputRef {
  const checked = validateLayer(item);
  if (!checked.ok && !quiet) {
    for (const p of checked.problems)
      x.issues.push(
        issueAt(site, p.at, { code: p.code, message: withName(site, scope, item, p.message), hint: p.hint }),
      );
  }
  const layer = checked.ok ? checked.layer : undefined;
  const type = typeof item.type === 'string' ? item.type : 'layer';
  const id = typeof item.id === 'string' ? item.id : undefined;
  const name = scope.fullName(id ?? scope.autoId(type));
  if (id !== undefined) defineId(x, scope, id, layer ? name : null, site, site.blocks.length > 0);
  const inputs = layerInputs(x, item, layer, site, scope, prev, name);
  x.nodes.push({ name, layer, inputs, site, index: x.nodes.length });
  return layer ? { kind: 'node', name } : BROKEN;
}

function layerInputs(
  x: Expansion,
  item: Item,
  layer: Layer | undefined,
  site: Site,
  scope: Scope,
  prev: InputRef | undefined,
  name: string,
): InputRef[] {
  const written = Array.isArray(item.inputs)
    ? (item.inputs as unknown[]).filter((t): t is string => typeof t === 'string')
    : undefined;
  if (!layer) {
    const refs: InputRef[] = written
      ? written.map((text, i) => ({ kind: 'name', text, scope, site, at: `/inputs/${i}` }))
      : prev
        ? [prev]
        : [];
    x.consumedByFailures.push(...refs);
    return [];
  }
  const arity = kindOf(layer).arity;
  const label = site.blocks.length ? `"${name}" (${layer.type})` : layer.type;
  if (arity === 'none') {
    if (written)
      x.issues.push(
        issueAt(site, '/inputs', {
          code: 'graph/input-count',
          message: `${label} is a model input and takes no inputs`,
          hint: 'remove inputs:',
        }),
      );
    return [];
  }
  const refs: InputRef[] = written
    ? written.map((text, i) => ({ kind: 'name', text, scope, site, at: `/inputs/${i}` }))
    : prev
      ? [prev]
      : [];
  if (!written && !prev) {
    x.issues.push(
      issueAt(site, '', {
        code: 'graph/missing-input',
        message: `${label} has no input: it comes first and there is no model input`,
        hint: 'add `input: [h, w, c]` to the model, a `{type: input}` layer, or inputs: [...]',
      }),
    );
  } else if (arity === 'one' && refs.length !== 1) {
    x.issues.push(
      issueAt(site, '/inputs', {
        code: 'graph/input-count',
        message: `${label} takes exactly one input; got ${refs.length}`,
        hint: 'merge them first with concat, add or multiply',
      }),
    );
  } else if (arity === 'many' && refs.length < 2) {
    x.issues.push(
      issueAt(site, written ? '/inputs' : '', {
        code: 'graph/input-count',
        message: `${label} merges two or more inputs; got ${refs.length}`,
        hint: 'list them: inputs: [a, b]',
      }),
    );
  }
  return refs;
}

function withName(site: Site, scope: Scope, item: Item, message: string): string {
  if (site.blocks.length === 0) return message;
  const where = typeof item.id === 'string' ? scope.fullName(item.id) : scope.prefix;
  return `${where} (block ${site.blocks[site.blocks.length - 1]}): ${message}`;
}
