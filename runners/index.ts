/** Every execution back end by its `runner.type` (the spec) / `--runner` (the command line). */
import type { RunnerSpec } from '../src/schema/generated/experiment.js';
import type { Runner } from '../src/sweep/runner.js';
import { localRunner } from './local/index.js';
import { slurmRunner } from './slurm/index.js';

export const RUNNERS: Readonly<Record<RunnerSpec['type'], Runner>> = {
  local: localRunner,
  slurm: slurmRunner,
};
