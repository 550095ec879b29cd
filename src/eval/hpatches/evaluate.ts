/**
 * The HPatches evaluation: describe the evaluated sequences in batches, resolve the task files, run the
 * chosen tasks. `evaluateDescriptors` is the shared core for in-memory descriptors and descriptor files.
 */
import { LEVELS, type Level, type PatchDataset } from '../../data/dataset.js';
import { describeDataset, selectSequences, type DescribeFn, type DescriptorSet } from './descriptor-set.js';
import { exportDescriptors, readDescriptorFiles } from './descriptor-files.js';
import type { MatchingResult } from './matching.js';
import { evaluateMatchingParallel } from './matching-parallel.js';
import { resolveTasks, TASKS, type GenerateTaskOptions, type Task, type TaskSet } from './resolve-tasks.js';
import { evaluateRetrieval, type RetrievalResult } from './retrieval.js';
import { evaluateVerification, type VerificationResult } from './verification.js';

export interface HPatchesResults {
  readonly levels: readonly Level[];
  readonly verification?: VerificationResult;
  readonly matching?: MatchingResult;
  readonly retrieval?: RetrievalResult;
  /** Where the task files came from (a folder or `generated`). */
  readonly taskSources: TaskSet['sources'];
  /** Seconds spent per phase. */
  readonly timings: Readonly<Record<string, number>>;
}

export interface EvaluateDescriptorsOptions {
  readonly descriptors: DescriptorSet;
  readonly tasks?: readonly Task[];
  readonly levels?: readonly Level[];
  readonly taskSet: TaskSet;
  readonly poolSizes?: readonly number[];
  /** Worker threads for matching (default 1: this thread). */
  readonly threads?: number;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

export async function evaluateDescriptors(options: EvaluateDescriptorsOptions): Promise<HPatchesResults> {
  const tasks = options.tasks ?? TASKS;
  const levels = options.levels ?? LEVELS;
  const { taskSet, descriptors } = options;
  const timings: Record<string, number> = {};
  let verification: VerificationResult | undefined;
  let matching: MatchingResult | undefined;
  let retrieval: RetrievalResult | undefined;
  if (tasks.includes('verification')) {
    if (!taskSet.verification)
      throw new Error('evaluation: verification was asked for but no verification task files were resolved');
    const t0 = performance.now();
    verification = evaluateVerification({
      descriptors,
      tasks: taskSet.verification,
      levels,
      source: taskSet.sources.verification,
    });
    timings.verification = seconds(t0);
  }
  if (tasks.includes('matching')) {
    const t0 = performance.now();
    matching = await evaluateMatchingParallel({ descriptors, levels, threads: options.threads ?? 1 });
    timings.matching = seconds(t0);
  }
  if (tasks.includes('retrieval')) {
    if (!taskSet.retrieval)
      throw new Error('evaluation: retrieval was asked for but no retrieval task files were resolved');
    const t0 = performance.now();
    retrieval = evaluateRetrieval({
      descriptors,
      tasks: taskSet.retrieval,
      levels,
      poolSizes: options.poolSizes,
      source: taskSet.sources.retrieval,
    });
    timings.retrieval = seconds(t0);
  }
  return { levels, verification, matching, retrieval, taskSources: taskSet.sources, timings };
}

export interface EvaluateHPatchesOptions {
  readonly dataset: PatchDataset;
  /** Patches (n × s × s, 0–255) → descriptors (n × D); called in batches of `batchSize`. */
  readonly describe: DescribeFn;
  /** Default: verification, matching, retrieval. */
  readonly tasks?: readonly Task[];
  /** Default: easy, hard, tough. */
  readonly levels?: readonly Level[];
  /** Split name in task-file names (`verif_pos_split-<split>.csv`); default `a`. */
  readonly split?: string;
  /** The evaluated (test) sequences; default: all of the dataset. */
  readonly sequences?: readonly string[];
  /** Default `noisy` (the N-HPatches protocol). */
  readonly patches?: 'noisy' | 'clean';
  readonly batchSize?: number;
  /** Folder of the benchmark's task files (real data); without it, task files are generated. */
  readonly taskDir?: string;
  readonly generate?: GenerateTaskOptions;
  /** Write generated task files here. */
  readonly writeTasksTo?: string;
  /** Retrieval pool sizes; default 100, 500, 1000, 5000, 10000, 15000, 20000. */
  readonly poolSizes?: readonly number[];
  /** Worker threads for matching (default 1). */
  readonly threads?: number;
  /** Also write the descriptors in the benchmark's layout to `<dir>/<name>/`. */
  readonly exportTo?: { readonly dir: string; readonly name: string };
}

export async function evaluateHPatches(options: EvaluateHPatchesOptions): Promise<HPatchesResults> {
  const tasks = options.tasks ?? TASKS;
  const sequences = selectSequences(options.dataset, options.sequences);
  const t0 = performance.now();
  const descriptors = await describeDataset({
    dataset: options.dataset,
    describe: options.describe,
    sequences: sequences.map((s) => s.name),
    patches: options.patches,
    batchSize: options.batchSize,
  });
  const describeSeconds = seconds(t0);
  const t1 = performance.now();
  const taskSet = await resolveTasks({
    tasks,
    split: options.split ?? 'a',
    sequences,
    dataset: options.dataset,
    taskDir: options.taskDir,
    generate: options.generate,
    writeTasksTo: options.writeTasksTo,
  });
  const taskSeconds = seconds(t1);
  let exportSeconds: number | undefined;
  if (options.exportTo) {
    const t2 = performance.now();
    await exportDescriptors({ descriptors, dir: options.exportTo.dir, name: options.exportTo.name });
    exportSeconds = seconds(t2);
  }
  const results = await evaluateDescriptors({
    descriptors,
    tasks,
    levels: options.levels,
    taskSet,
    poolSizes: options.poolSizes,
    threads: options.threads,
  });
  const timings = {
    describe: describeSeconds,
    tasks: taskSeconds,
    ...(exportSeconds !== undefined ? { export: exportSeconds } : {}),
    ...results.timings,
  };
  return { ...results, timings };
}

export interface EvaluateDescriptorFilesOptions extends Omit<
  EvaluateDescriptorsOptions,
  'descriptors' | 'taskSet'
> {
  /** The descriptor folder `<root>/<descriptor>`. */
  readonly dir: string;
  readonly sequences?: readonly string[];
  /** Task files: a ready set, or a folder of benchmark files. */
  readonly taskSet?: TaskSet;
  readonly taskDir?: string;
  readonly split?: string;
}

/** Evaluates descriptors written in the benchmark's layout (by trellis or by another method). */
export async function evaluateDescriptorFiles(
  options: EvaluateDescriptorFilesOptions,
): Promise<HPatchesResults> {
  const descriptors = await readDescriptorFiles({ dir: options.dir, sequences: options.sequences });
  const tasks = options.tasks ?? TASKS;
  const taskSet =
    options.taskSet ??
    (await resolveTasks({
      tasks,
      split: options.split ?? 'a',
      sequences: [...descriptors.sequences.values()].map((s) => ({ name: s.name, count: s.count })),
      taskDir: options.taskDir,
    }));
  return evaluateDescriptors({ ...options, descriptors, tasks, taskSet });
}
