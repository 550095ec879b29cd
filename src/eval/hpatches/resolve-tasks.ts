/**
 * Where the task files of an evaluation come from: the user's folder of benchmark files (real data), the
 * split-'a' retrieval files shipped with trellis, or generated for the dataset by the benchmark's rules.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PatchDataset } from '../../data/dataset.js';
import { defaultTaskSizes, generateRetrievalTasks, generateVerificationTasks } from './generate-tasks.js';
import {
  readRetrievalTasks,
  readVerificationTasks,
  retrievalFileName,
  shippedTaskDir,
  writeTaskFiles,
  type RetrievalTasks,
  type VerificationTasks,
} from './task-files.js';

export const TASKS = ['verification', 'matching', 'retrieval'] as const;
export type Task = (typeof TASKS)[number];

export interface GenerateTaskOptions {
  readonly verificationPairs?: number;
  readonly queries?: number;
  readonly distractors?: number;
  /** Seed of the generated task files (the benchmark used 42). */
  readonly seed?: number;
  readonly minStd?: number;
}

export interface TaskSet {
  readonly verification?: VerificationTasks;
  readonly retrieval?: RetrievalTasks;
  /** Where each came from: a folder, or `generated`. */
  readonly sources: Readonly<Partial<Record<'verification' | 'retrieval', string>>>;
}

export interface ResolveTasksOptions {
  readonly tasks: readonly Task[];
  readonly split: string;
  /** The sequences evaluated (the test split). */
  readonly sequences: readonly { name: string; count: number }[];
  /** Needed to generate retrieval tasks (texture filter on the clean ref patches). */
  readonly dataset?: PatchDataset;
  readonly taskDir?: string;
  readonly generate?: GenerateTaskOptions;
  /** Where generated task files are written (atomically), for reuse and for the benchmark's own tools. */
  readonly writeTasksTo?: string;
}

export async function resolveTasks(options: ResolveTasksOptions): Promise<TaskSet> {
  const { split, taskDir } = options;
  const sources: Partial<Record<'verification' | 'retrieval', string>> = {};
  const sizes = defaultTaskSizes(options.sequences.reduce((s, q) => s + q.count, 0));
  const seed = options.generate?.seed ?? 42;
  const generated: { verification?: VerificationTasks; retrieval?: RetrievalTasks } = {};
  let verification: VerificationTasks | undefined;
  let retrieval: RetrievalTasks | undefined;
  if (options.tasks.includes('verification')) {
    if (taskDir) {
      verification = await readVerificationTasks(taskDir, split);
      sources.verification = taskDir;
    } else {
      verification = generateVerificationTasks({
        sequences: options.sequences,
        pairs: options.generate?.verificationPairs ?? sizes.verificationPairs,
        seed,
      });
      generated.verification = verification;
      sources.verification = 'generated';
    }
  }
  if (options.tasks.includes('retrieval')) {
    const names = new Set(options.sequences.map((s) => s.name));
    const shipped = split === 'a' ? await readRetrievalTasks(shippedTaskDir(), split) : undefined;
    const fitsShipped =
      shipped !== undefined &&
      shipped.queries.names.every((n) => names.has(n)) &&
      shipped.distractors.names.every((n) => names.has(n));
    if (taskDir && (existsSync(join(taskDir, retrievalFileName('queries', split))) || !shipped)) {
      retrieval = await readRetrievalTasks(taskDir, split);
      sources.retrieval = taskDir;
    } else if (shipped && (fitsShipped || taskDir || !options.dataset)) {
      // Real split-'a' data: the benchmark's own files (a mismatch is reported when they are used).
      retrieval = shipped;
      sources.retrieval = shippedTaskDir();
    } else {
      if (!options.dataset) {
        throw new Error(
          `retrieval: no task files for split "${split}" and no dataset to generate them from; set evaluation.task_dir`,
        );
      }
      retrieval = generateRetrievalTasks({
        dataset: options.dataset,
        sequences: [...names],
        queries: options.generate?.queries ?? sizes.queries,
        distractors: options.generate?.distractors ?? sizes.distractors,
        seed,
        minStd: options.generate?.minStd,
      });
      generated.retrieval = retrieval;
      sources.retrieval = 'generated';
    }
  }
  if (options.writeTasksTo && (generated.verification || generated.retrieval)) {
    await writeTaskFiles(options.writeTasksTo, split, generated);
  }
  return { verification, retrieval, sources };
}
