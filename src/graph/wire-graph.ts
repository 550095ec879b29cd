import type { SpecIssue } from '../diagnostics/issue.js';
import type { Layer } from '../schema/generated/experiment.js';
import type { ExpandedModel } from './expand-blocks.js';
import type { ExpandedNode } from './expand-layer.js';
import type { InputRef, Site } from './scope.js';
import { issueAt } from './scope.js';
import { suggest as suggestName } from '../diagnostics/suggest.js';

export interface GraphNode {
  readonly name: string;
  readonly layer: Layer | undefined;
  /** Names of the input layers; undefined when one could not be resolved (already reported). */
  readonly inputs: readonly string[] | undefined;
  /** The inputs that did resolve (all of them unless one was unknown). */
  readonly resolvedInputs: readonly string[];
  /** For each input, where it was written (for pointers). */
  readonly inputSites: readonly { site: Site; at: string }[];
  readonly site: Site;
  readonly index: number;
}

export interface Graph {
  readonly nodes: ReadonlyMap<string, GraphNode>;
  /** Topological order (inputs before consumers; ties in the written order), without nodes on cycles. */
  readonly order: readonly string[];
  readonly outputs: readonly string[];
}

type Resolved = { ok: true; name: string } | { ok: false };

function resolveRef(ref: InputRef, issues: SpecIssue[], seen = new Set<InputRef>()): Resolved {
  if (ref.kind === 'node') return { ok: true, name: ref.name };
  if (ref.kind === 'broken' || seen.has(ref)) return { ok: false };
  seen.add(ref);
  const hit = ref.scope.lookup(ref.text);
  if (!hit.found) {
    issues.push(
      issueAt(ref.site, ref.at, {
        code: 'graph/unknown-input',
        message: `unknown input "${ref.text}"`,
        hint:
          suggestName(ref.text, ref.scope.visibleNames()) ??
          'inputs name layer ids (or block use ids) of the same model',
      }),
    );
    return { ok: false };
  }
  if (hit.ref === null) return { ok: false };
  if (typeof hit.ref === 'string') return { ok: true, name: hit.ref };
  return resolveRef(hit.ref, issues, seen);
}

/**
 * Resolves every input reference of an expanded model and checks the wiring: unknown inputs,
 * cycles (reported at the reference that points forward and closes the loop) and outputs that
 * nothing uses (dangling branches).
 */
export function wireGraph(model: ExpandedModel): { graph: Graph; issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const nodes = new Map<string, GraphNode>();
  for (const n of model.nodes) {
    if (nodes.has(n.name)) continue; // duplicate id, already reported
    const resolved = n.inputs.map((r) => resolveRef(r, issues));
    nodes.set(n.name, {
      name: n.name,
      layer: n.layer,
      inputs: resolved.every((r) => r.ok) ? resolved.map((r) => (r as { name: string }).name) : undefined,
      resolvedInputs: resolved.flatMap((r) => (r.ok ? [r.name] : [])),
      inputSites: n.inputs.map((r) =>
        r.kind === 'name' ? { site: r.site, at: r.at } : { site: n.site, at: '' },
      ),
      site: n.site,
      index: n.index,
    });
  }
  const outputs = model.outputs.map((r) => resolveRef(r, issues)).flatMap((r) => (r.ok ? [r.name] : []));
  const onCycle = reportCycles(nodes, issues);
  const order = topologicalOrder(nodes, onCycle);
  const consumed = model.consumedByFailures
    .map((r) => resolveRef(r, []))
    .flatMap((r) => (r.ok ? [r.name] : []));
  // An unknown input usually means the intended producer is left dangling: report the cause only.
  const unresolved = issues.some((i) => i.code === 'graph/unknown-input');
  if (!unresolved) reportUnused(model.nodes, nodes, [...outputs, ...consumed], issues);
  return { graph: { nodes, order, outputs }, issues };
}

/** Tarjan's strongly connected components over producer → consumer edges. */
function components(nodes: ReadonlyMap<string, GraphNode>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of nodes.get(v)?.inputs ?? []) {
      if (!nodes.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      out.push(scc);
    }
  };
  for (const v of nodes.keys()) if (!index.has(v)) visit(v);
  return out;
}

function reportCycles(nodes: ReadonlyMap<string, GraphNode>, issues: SpecIssue[]): Set<string> {
  const onCycle = new Set<string>();
  for (const scc of components(nodes)) {
    const members = new Set(scc);
    const self = scc.length === 1 && (nodes.get(scc[0])!.inputs ?? []).includes(scc[0]);
    if (scc.length === 1 && !self) continue;
    scc.forEach((n) => onCycle.add(n));
    // Every cycle has an edge to a producer written at or after its consumer: that reference closes it.
    for (const name of scc) {
      const node = nodes.get(name)!;
      (node.inputs ?? []).forEach((producer, i) => {
        if (!members.has(producer) || nodes.get(producer)!.index < node.index) return;
        const path = pathWithin(nodes, members, name, producer);
        const where = node.inputSites[i];
        issues.push(
          issueAt(where.site, where.at, {
            code: 'graph/cycle',
            message: `input "${producer}" of "${name}" closes a cycle: ${[...path, name].join(' → ')}`,
            hint: 'a layer cannot depend on its own output; take an earlier layer as input',
          }),
        );
      });
    }
  }
  return onCycle;
}

/** A data-flow path from `from` to `to` inside one component (breadth first over consumer edges). */
function pathWithin(
  nodes: ReadonlyMap<string, GraphNode>,
  members: Set<string>,
  from: string,
  to: string,
): string[] {
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length) {
    const v = queue.shift()!;
    if (v === to) break;
    for (const m of members) {
      if (!previous.has(m) && (nodes.get(m)!.inputs ?? []).includes(v)) {
        previous.set(m, v);
        queue.push(m);
      }
    }
  }
  const path = [to];
  while (path[0] !== from) path.unshift(previous.get(path[0])!);
  return path;
}

function topologicalOrder(nodes: ReadonlyMap<string, GraphNode>, skip: ReadonlySet<string>): string[] {
  const placed = new Set<string>();
  const order: string[] = [];
  const pending = [...nodes.values()].filter((n) => !skip.has(n.name)).sort((a, b) => a.index - b.index);
  // Written order is almost always topological already; repeated passes place forward references.
  let progress = true;
  while (progress) {
    progress = false;
    for (const n of pending) {
      if (placed.has(n.name)) continue;
      if ((n.inputs ?? []).every((i) => placed.has(i) || !nodes.has(i) || skip.has(i))) {
        placed.add(n.name);
        order.push(n.name);
        progress = true;
      }
    }
  }
  return order;
}

function reportUnused(
  written: readonly ExpandedNode[],
  nodes: ReadonlyMap<string, GraphNode>,
  keep: readonly string[],
  issues: SpecIssue[],
): void {
  const used = new Set(keep);
  for (const n of nodes.values()) for (const i of n.resolvedInputs) used.add(i);
  for (const n of written) {
    const node = nodes.get(n.name);
    if (used.has(n.name) || !node?.layer || node.inputs === undefined) continue;
    issues.push(
      issueAt(n.site, '', {
        code: 'graph/unused-output',
        message: `the output of "${n.name}" is never used (a dangling branch)`,
        hint: "take it as a later layer's input, list it in the model's outputs:, or remove the layer",
      }),
    );
  }
}
