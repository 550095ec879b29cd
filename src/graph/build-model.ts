import * as tf from '@tensorflow/tfjs';
import type { ExperimentSpec } from '../schema/generated/experiment.js';
import { hashString } from '../random/seeded-rng.js';
import { kindOf } from './layers/index.js';
import { analyzeValidModel } from './plan-model.js';

export interface BuildOptions {
  /** Master seed; each layer's initializers and dropout masks get a seed derived from it and the layer name. Default: the spec's seed, else 1234. */
  readonly seed?: number;
}

/** The seed of one random part of one layer: stable under reordering of other layers. */
export function layerSeed(seed: number, layerName: string, part: string): number {
  // tfjs seeds initializers through alea(String(seed)); keep it a positive 31-bit integer.
  return hashString(`${seed}/${layerName}/${part}`) & 0x7fffffff;
}

/**
 * Builds a model of a resolved spec as a tfjs functional LayersModel. Throws GraphError (with every
 * issue) when the model does not pass checkGraph. Deterministic for a given seed.
 */
export function buildModel(
  spec: ExperimentSpec,
  modelName: string,
  options: BuildOptions = {},
): tf.LayersModel {
  const { graph, shapes } = analyzeValidModel(spec, modelName);
  const seed = options.seed ?? spec.seed ?? 1234;
  const tensors = new Map<string, tf.SymbolicTensor>();
  const inputs: tf.SymbolicTensor[] = [];
  for (const name of graph.order) {
    const node = graph.nodes.get(name)!;
    const layer = kindOf(node.layer!).build(node.layer!, {
      name,
      inputShapes: node.inputs!.map((i) => shapes.get(i)!),
      seedFor: (part) => layerSeed(seed, name, part),
    });
    if (node.layer!.type === 'input') {
      // What tf.input() does: an InputLayer creates its own output tensor.
      const out = layer.inboundNodes[0].outputTensors[0];
      inputs.push(out);
      tensors.set(name, out);
      continue;
    }
    const args = node.inputs!.map((i) => tensors.get(i)!);
    tensors.set(name, layer.apply(args.length === 1 ? args[0] : args) as tf.SymbolicTensor);
  }
  const outputs = graph.outputs.map((o) => tensors.get(o)!);
  return tf.model({ name: modelName, inputs, outputs: outputs.length === 1 ? outputs[0] : outputs });
}
