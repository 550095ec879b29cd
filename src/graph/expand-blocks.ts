import type { SpecIssue } from '../diagnostics/issue.js';
import type { BlockDefinition, Blocks, Layer, ModelSpec } from '../schema/generated/experiment.js';
import { kindOf } from './layers/index.js';
import { pointerOf } from './json-pointer.js';
import type { InputRef, Site } from './scope.js';
import { BROKEN, Scope, issueAt } from './scope.js';
import { checkBlockParams } from './block-params.js';
import { substituteParams } from './substitute-params.js';
import { suggest as suggestName } from '../diagnostics/suggest.js';
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

export interface ExpandedModel {
  readonly nodes: readonly ExpandedNode[];
  readonly outputs: readonly InputRef[];
  /** Layer outputs taken by block uses that failed (so they are not reported as unused). */
  readonly consumedByFailures: readonly InputRef[];
  readonly issues: readonly SpecIssue[];
}

const USE_KEYS = new Set(['block', 'id', 'inputs', 'repeat']);

interface Expansion {
  readonly blocks: Blocks;
  readonly nodes: ExpandedNode[];
  readonly consumedByFailures: InputRef[];
  readonly issues: SpecIssue[];
}

type Item = Record<string, unknown>;

const isUse = (item: Item): boolean => 'block' in item && !('type' in item);

/**
 * Expands one model of a resolved spec: block uses become their layers (parameters substituted, ids
 * scoped per use, `repeat:` chained), every layer is checked against its schema, and each layer gets
 * its inputs (the previous layer unless `inputs:` says otherwise). Never throws on spec content.
 */
export function expandBlocks(model: ModelSpec, modelPointer: string, blocks: Blocks = {}): ExpandedModel {
  const x: Expansion = { blocks, nodes: [], consumedByFailures: [], issues: [] };
  const scope = new Scope('');
  let prev: InputRef | undefined;
  if (model.input) {
    const site: Site = { pointer: `${modelPointer}/input`, related: [], blocks: [] };
    scope.reserved.add('input');
    scope.define('input', 'input', site);
    x.nodes.push({ name: 'input', layer: { type: 'input', shape: model.input }, inputs: [], site, index: 0 });
    prev = { kind: 'node', name: 'input' };
  }
  const layers = (model.layers ?? []) as unknown as Item[];
  const siteOf = (j: number): Site => ({ pointer: `${modelPointer}/layers/${j}`, related: [], blocks: [] });
  const exit = expandList(x, layers, siteOf, scope, prev, []);
  const outputs: InputRef[] = model.outputs
    ? model.outputs.map((text, i) => ({
        kind: 'name',
        text,
        scope,
        at: '',
        site: { pointer: `${modelPointer}/outputs/${i}`, related: [], blocks: [] },
      }))
    : exit
      ? [exit]
      : [];
  return { nodes: x.nodes, outputs, consumedByFailures: x.consumedByFailures, issues: x.issues };
}

/** Expands a layer list (a model's or a block's) in `scope`; returns the list's exit. */
function expandList(
  x: Expansion,
  items: readonly Item[],
  siteOf: (j: number) => Site,
  scope: Scope,
  entry: InputRef | undefined,
  stack: readonly string[],
  quiet: ReadonlySet<number> = new Set(),
): InputRef | undefined {
  for (const item of items) if (typeof item?.id === 'string') scope.reserved.add(item.id);
  let prev = entry;
  items.forEach((item, j) => {
    const site = siteOf(j);
    if (!item || typeof item !== 'object') return;
    prev = isUse(item)
      ? expandUse(x, item, site, scope, prev, stack)
      : expandLayer(x, item, site, scope, prev, quiet.has(j));
  });
  return prev;
}

function defineId(
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

function expandLayer(
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

function expandUse(
  x: Expansion,
  use: Item,
  site: Site,
  scope: Scope,
  prev: InputRef | undefined,
  stack: readonly string[],
): InputRef {
  const blockName = String(use.block);
  const def: BlockDefinition | undefined = Object.hasOwn(x.blocks, blockName)
    ? x.blocks[blockName]
    : undefined;
  const useId = typeof use.id === 'string' ? use.id : scope.autoId(blockName);
  const fail = (issue?: SpecIssue): InputRef => {
    if (issue) x.issues.push(issue);
    if (prev) x.consumedByFailures.push(prev);
    if (Array.isArray(use.inputs) && typeof use.inputs[0] === 'string') {
      x.consumedByFailures.push({ kind: 'name', text: use.inputs[0], scope, site, at: '/inputs/0' });
    }
    defineId(x, scope, useId, null, site, site.blocks.length > 0);
    return BROKEN;
  };
  if (!def) {
    return fail(
      issueAt(site, '/block', {
        code: 'graph/unknown-block',
        message: `unknown block "${blockName}"`,
        hint: unknownBlockHint(blockName, Object.keys(x.blocks)),
      }),
    );
  }
  if (stack.includes(blockName)) {
    return fail(
      issueAt(site, '/block', {
        code: 'graph/recursive-block',
        message: `block "${blockName}" uses itself: ${[...stack, blockName].join(' > ')}`,
        hint: 'a block cannot contain itself, directly or through another block',
      }),
    );
  }
  const params = checkBlockParams({ blockName, def, use, site, useKeys: USE_KEYS });
  if (!params.ok) {
    x.issues.push(...params.issues);
    return fail();
  }
  let entry: InputRef | undefined = prev;
  if (Array.isArray(use.inputs) && typeof use.inputs[0] === 'string') {
    entry = { kind: 'name', text: use.inputs[0], scope, site, at: '/inputs/0' };
  }
  const repeat = typeof use.repeat === 'number' && use.repeat >= 1 ? Math.floor(use.repeat) : 1;
  const useScope = scope.child(useId);
  const innerSite = (j: number): Site => ({
    pointer: site.pointer,
    related: [pointerOf('blocks', blockName, 'layers', j), ...site.related],
    blocks: [...site.blocks, blockName],
  });
  for (let k = 1; k <= repeat; k++) {
    const inner = repeat > 1 ? useScope.child(String(k)) : useScope;
    inner.entry = entry;
    // Unknown ${refs} are reported once per block definition (check-blocks.ts); the layer then fails its schema check quietly.
    const substituted = def.layers.map((l) => substituteParams(l, params.values));
    const quiet = new Set(substituted.flatMap((s, j) => (s.unknown.length ? [j] : [])));
    const layers = substituted.map((s) => s.value as Item);
    entry = expandList(x, layers, innerSite, inner, entry, [...stack, blockName], quiet);
    if (repeat > 1) useScope.define(String(k), exitName(entry), site);
  }
  defineId(x, scope, useId, exitName(entry), site, site.blocks.length > 0);
  return entry ?? BROKEN;
}

function exitName(ref: InputRef | undefined): string | null {
  return ref?.kind === 'node' ? ref.name : null;
}

function unknownBlockHint(name: string, known: string[]): string {
  return (
    suggestName(name, known) ??
    (known.length
      ? `known blocks: ${known.join(', ')}`
      : 'the spec has no blocks: section (include a block library?)')
  );
}
