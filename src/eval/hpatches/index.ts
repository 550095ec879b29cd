/** Public API of the HPatches evaluation (what the pipeline, the CLI and tracking call). */
export { evaluateHPatches, evaluateDescriptors, evaluateDescriptorFiles } from './evaluate.js';
export type {
  EvaluateHPatchesOptions,
  EvaluateDescriptorsOptions,
  EvaluateDescriptorFilesOptions,
  HPatchesResults,
} from './evaluate.js';
export { describeDataset } from './descriptor-set.js';
export type { DescribeFn, DescriptorSet, SequenceDescriptors } from './descriptor-set.js';
export { computeAp, computeRocAuc, precisionRecall, rocCurve } from './metrics.js';
export { exportDescriptors, readDescriptorFiles } from './descriptor-files.js';
export {
  readVerificationTasks,
  readRetrievalTasks,
  writeTaskFiles,
  shippedTaskDir,
  parseVerificationCsv,
  parsePatchListCsv,
} from './task-files.js';
export type { VerificationTasks, RetrievalTasks, VerificationPairs, PatchList } from './task-files.js';
export { generateVerificationTasks, generateRetrievalTasks, defaultTaskSizes } from './generate-tasks.js';
export { resolveTasks, TASKS } from './resolve-tasks.js';
export type { Task, TaskSet, GenerateTaskOptions } from './resolve-tasks.js';
export { resultsToMetrics, renderResultsMarkdown, renderResultsCsv } from './report.js';
export { writeResultsReport } from './write-report.js';
export { evaluationOptionsFromSpec } from './spec-options.js';
export type { EvaluationContext } from './spec-options.js';
export { DEFAULT_POOL_SIZES } from './retrieval.js';
