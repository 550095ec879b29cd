import type { ExperimentSpec } from '../schema/generated/experiment.js';
import type { ModelAnalysis } from './analyze-model.js';
import { GraphError, analyzeModel } from './analyze-model.js';
import { checkBlockDefinitions } from './check-blocks.js';
import { pointerOf } from './json-pointer.js';
import { kindOf } from './layers/index.js';
import type { Shape } from './shape.js';

export interface PlanRow {
  readonly name: string;
  readonly type: string;
  readonly outputShape: Shape;
  readonly inputs: readonly string[];
  readonly trainable: number;
  readonly nonTrainable: number;
  /** Floating-point operations for one sample at inference (a multiply-add counts 2). */
  readonly flops: number;
}

export interface ModelPlan {
  readonly model: string;
  readonly rows: readonly PlanRow[];
  readonly outputs: readonly string[];
  readonly totals: {
    readonly trainable: number;
    readonly nonTrainable: number;
    readonly params: number;
    readonly flops: number;
  };
}

/** Analyses a model and throws GraphError with every issue if it has any (including its blocks' definitions). */
export function analyzeValidModel(spec: ExperimentSpec, modelName: string): ModelAnalysis {
  const analysis = analyzeModel(spec, modelName);
  const used = new Set([...analysis.graph.nodes.values()].flatMap((n) => n.site.blocks));
  const blockIssues = checkBlockDefinitions(spec.blocks).filter((i) =>
    [...used].some((b) => i.pointer.startsWith(pointerOf('blocks', b) + '/')),
  );
  const issues = [...blockIssues, ...analysis.issues];
  if (issues.length) throw new GraphError(modelName, issues);
  return analysis;
}

/**
 * The layer table of a model from shapes alone (no tfjs): output shape, trainable and non-trainable
 * parameters and FLOPs per sample of every layer, in topological order, with totals.
 */
export function planModel(spec: ExperimentSpec, modelName: string): ModelPlan {
  const { graph, shapes } = analyzeValidModel(spec, modelName);
  const rows = graph.order.map((name): PlanRow => {
    const node = graph.nodes.get(name)!;
    const layer = node.layer!;
    const inputs = node.inputs!.map((i) => shapes.get(i)!);
    const out = shapes.get(name)!;
    const kind = kindOf(layer);
    const p = kind.params(layer, inputs);
    return {
      name,
      type: layer.type,
      outputShape: out,
      inputs: node.inputs!,
      trainable: p.trainable,
      nonTrainable: p.nonTrainable,
      flops: kind.flops(layer, inputs, out),
    };
  });
  const sum = (f: (r: PlanRow) => number): number => rows.reduce((n, r) => n + f(r), 0);
  const trainable = sum((r) => r.trainable);
  const nonTrainable = sum((r) => r.nonTrainable);
  return {
    model: modelName,
    rows,
    outputs: graph.outputs,
    totals: { trainable, nonTrainable, params: trainable + nonTrainable, flops: sum((r) => r.flops) },
  };
}
