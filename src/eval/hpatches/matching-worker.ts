/** Worker side of `evaluateMatchingParallel`: one sequence's matching APs per message. */
import { parentPort } from 'node:worker_threads';
import type { Level } from '../../data/dataset.js';
import type { SequenceDescriptors } from './descriptor-set.js';
import { sequenceMatchingAps } from './matching.js';

export interface MatchingJob {
  readonly id: number;
  readonly seq: SequenceDescriptors;
  readonly levels: readonly Level[];
  readonly dim: number;
}

parentPort!.on('message', (job: MatchingJob) => {
  try {
    parentPort!.postMessage({ id: job.id, aps: sequenceMatchingAps(job.seq, job.levels, job.dim) });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: (err as Error).message });
  }
});
