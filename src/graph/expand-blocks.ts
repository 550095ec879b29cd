import type { SpecIssue } from '../diagnostics/issue.js';
import type { BlockDefinition, Blocks, ModelSpec } from '../schema/generated/experiment.js';
import { pointerOf } from './json-pointer.js';
import type { InputRef, Site } from './scope.js';
import { BROKEN, Scope, issueAt } from './scope.js';
import { checkBlockParams } from './block-params.js';
import { substituteParams } from './substitute-params.js';
import { suggest as suggestName } from '../diagnostics/suggest.js';
import { defineId, expandLayer } from './expand-layer.js';
import type { ExpandedNode, Expansion, Item } from './expand-layer.js';

export interface ExpandedModel {
  readonly nodes: readonly ExpandedNode[];
  readonly outputs: readonly InputRef[];
  /** Layer outputs taken by block uses that failed (so they are not reported as unused). */
  readonly consumedByFailures: readonly InputRef[];
  readonly issues: readonly SpecIssue[];
}

const USE_KEYS = new Set(['block', 'id', 'inputs', 'repeat']);

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
