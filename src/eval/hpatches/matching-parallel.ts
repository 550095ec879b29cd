/**
 * Matching spread over worker threads, one sequence per job (the N×N products dominate the evaluation).
 * Results are aggregated in sequence-name order, so they equal the single-threaded ones exactly.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Level } from '../../data/dataset.js';
import {
  aggregateMatching,
  evaluateMatching,
  type EvaluateMatchingOptions,
  type MatchingResult,
} from './matching.js';
import type { MatchingJob } from './matching-worker.js';

export interface EvaluateMatchingParallelOptions extends EvaluateMatchingOptions {
  /** Worker threads; 1 runs in this thread. */
  readonly threads: number;
}

/**
 * The worker is a sibling module: `.js` when built; `.ts` under tsx, whose loader a worker does not inherit,
 * so then a small bootstrap registers tsx in the worker first.
 */
function startWorker(): Worker {
  const self = fileURLToPath(import.meta.url);
  const workerUrl = new URL(`./matching-worker${extname(self)}`, import.meta.url);
  if (extname(self) !== '.ts') return new Worker(workerUrl);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}

type Reply = { id: number; aps?: Partial<Record<Level, number[]>>; error?: string };

export async function evaluateMatchingParallel(
  options: EvaluateMatchingParallelOptions,
): Promise<MatchingResult> {
  const { descriptors, levels } = options;
  const seqs = [...descriptors.sequences.values()].sort((a, b) => b.count - a.count); // largest first balances the load
  const threads = Math.min(options.threads, seqs.length);
  if (threads <= 1) return evaluateMatching(options);
  const workers = Array.from({ length: threads }, () => startWorker());
  const perSequence: Record<string, Partial<Record<Level, number[]>>> = {};
  try {
    let next = 0;
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= seqs.length) return resolve();
              const job: MatchingJob = { id: next, seq: seqs[next], levels, dim: descriptors.dim };
              next++;
              worker.postMessage(job);
            };
            worker.on('message', (reply: Reply) => {
              if (reply.error !== undefined)
                return reject(new Error(`matching (${seqs[reply.id].name}): ${reply.error}`));
              perSequence[seqs[reply.id].name] = reply.aps!;
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return aggregateMatching(perSequence, levels);
}
