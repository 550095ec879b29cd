import type { SpecIssue } from '../diagnostics/issue.js';
import type { ExperimentSpec } from '../schema/generated/experiment.js';
import { expandBlocks } from './expand-blocks.js';
import { inferShapes } from './infer-shapes.js';
import { pointerOf } from './json-pointer.js';
import type { Shape } from './shape.js';
import { suggest as suggestName } from '../diagnostics/suggest.js';
import type { Graph } from './wire-graph.js';
import { wireGraph } from './wire-graph.js';

export interface ModelAnalysis {
  readonly graph: Graph;
  readonly shapes: ReadonlyMap<string, Shape>;
  readonly issues: readonly SpecIssue[];
}

/** Expands, wires and shape-checks one model of a resolved spec; every finding is in `issues`. */
export function analyzeModel(spec: ExperimentSpec, modelName: string): ModelAnalysis {
  const model = spec.models?.[modelName];
  if (!model) {
    const known = Object.keys(spec.models ?? {});
    const empty: Graph = { nodes: new Map(), order: [], outputs: [] };
    return {
      graph: empty,
      shapes: new Map(),
      issues: [
        {
          code: 'graph/unknown-model',
          pointer: '/models',
          message: `unknown model "${modelName}"`,
          hint:
            suggestName(modelName, known) ??
            (known.length ? `models: ${known.join(', ')}` : 'the spec has no models'),
        },
      ],
    };
  }
  const expanded = expandBlocks(model, pointerOf('models', modelName), spec.blocks);
  const wired = wireGraph(expanded);
  const inferred = inferShapes(wired.graph);
  return {
    graph: wired.graph,
    shapes: inferred.shapes,
    issues: [...expanded.issues, ...wired.issues, ...inferred.issues],
  };
}

/** Thrown by planModel / buildModel on a model with problems; carries every issue. */
export class GraphError extends Error {
  constructor(
    readonly modelName: string,
    readonly issues: readonly SpecIssue[],
  ) {
    super(
      `model "${modelName}" has ${issues.length} problem(s):\n` +
        issues.map((i) => `  ${i.pointer}  ${i.message}${i.hint ? `; ${i.hint}` : ''}`).join('\n'),
    );
    this.name = 'GraphError';
  }
}
