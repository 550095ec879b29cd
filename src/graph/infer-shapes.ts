import type { SpecIssue } from '../diagnostics/issue.js';
import { kindOf } from './layers/index.js';
import type { Shape } from './shape.js';
import { issueAt } from './scope.js';
import type { Graph } from './wire-graph.js';

/**
 * Output shape of every layer, in topological order. A layer whose inputs have no shape (because of
 * an error already reported) gets none, so one mistake is reported once.
 */
export function inferShapes(graph: Graph): { shapes: Map<string, Shape>; issues: SpecIssue[] } {
  const shapes = new Map<string, Shape>();
  const issues: SpecIssue[] = [];
  for (const name of graph.order) {
    const node = graph.nodes.get(name)!;
    if (!node.layer || !node.inputs) continue;
    const inputs = node.inputs.map((i) => ({ name: i, shape: shapes.get(i) }));
    if (inputs.some((i) => i.shape === undefined)) continue;
    const arity = kindOf(node.layer).arity;
    // A wrong number of inputs was reported while expanding.
    if ((arity === 'one' && inputs.length !== 1) || (arity === 'many' && inputs.length < 2)) continue;
    const label = node.site.blocks.length ? `${name}: ` : '';
    const shape = kindOf(node.layer).outputShape(
      node.layer,
      inputs as { name: string; shape: Shape }[],
      (p) =>
        issues.push(
          issueAt(node.site, p.field ? `/${p.field}` : '', {
            code: p.code,
            message: label + p.message,
            hint: p.hint,
          }),
        ),
    );
    if (shape) shapes.set(name, shape);
  }
  return { shapes, issues };
}
