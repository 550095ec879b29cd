// Public API of the graph builder.
export { checkGraph } from './check-graph.js';
export { analyzeModel, GraphError } from './analyze-model.js';
export type { ModelAnalysis } from './analyze-model.js';
export { expandBlocks } from './expand-blocks.js';
export type { ExpandedModel } from './expand-blocks.js';
export type { ExpandedNode } from './expand-layer.js';
export { planModel } from './plan-model.js';
export type { ModelPlan, PlanRow } from './plan-model.js';
export { formatModelPlan } from './format-model-plan.js';
export { buildModel, layerSeed } from './build-model.js';
export type { BuildOptions } from './build-model.js';
export { L2Normalize, registerCustomLayers } from './l2-normalize-layer.js';
export { LAYER_KINDS } from './layers/index.js';
export type { Shape } from './shape.js';
