/**
 * The `evaluation:` section of a spec turned into `evaluateHPatches` options. Paths in the spec are
 * relative to the spec file; generated task files and exported descriptors go to the trial's artifacts.
 */
import { resolve, join } from 'node:path';
import type { PatchDataset } from '../../data/dataset.js';
import type { EvaluationSpec } from '../../schema/generated/experiment.js';
import type { DescribeFn } from './descriptor-set.js';
import type { EvaluateHPatchesOptions } from './evaluate.js';

export interface EvaluationContext {
  readonly dataset: PatchDataset;
  readonly describe: DescribeFn;
  /** The test sequences of the data split. */
  readonly sequences?: readonly string[];
  /** Folder of the spec file (relative paths). */
  readonly specDir: string;
  /** The trial's artifact folder: `tasks/` and `descriptors/` are written under it. */
  readonly artifactDir: string;
  /** Name of the exported descriptor folder (the experiment name). */
  readonly descriptorName: string;
}

export function evaluationOptionsFromSpec(
  spec: EvaluationSpec | undefined,
  ctx: EvaluationContext,
): EvaluateHPatchesOptions {
  const s = spec ?? {};
  const g = s.generate;
  return {
    dataset: ctx.dataset,
    describe: ctx.describe,
    sequences: ctx.sequences,
    tasks: s.tasks,
    levels: s.levels,
    split: s.split,
    patches: s.patches,
    batchSize: s.batch_size,
    threads: s.threads,
    poolSizes: s.pool_sizes,
    taskDir: s.task_dir === undefined ? undefined : resolve(ctx.specDir, s.task_dir),
    generate: g && {
      verificationPairs: g.verification_pairs,
      queries: g.queries,
      distractors: g.distractors,
      seed: g.seed,
      minStd: g.min_std,
    },
    writeTasksTo: join(ctx.artifactDir, 'tasks'),
    exportTo: s.export_descriptors
      ? { dir: join(ctx.artifactDir, 'descriptors'), name: ctx.descriptorName }
      : undefined,
  };
}
