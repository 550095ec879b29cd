/**
 * The live view of a sweep. On a terminal: listr2, a row per running trial (stage, epoch, loss, ETA)
 * under an overall count. Elsewhere (CI, log files): plain timestamped lines, one per event that matters.
 */
import { Listr, type ListrTaskWrapper } from 'listr2';
import type { SweepState } from '../../sweep/sweep-state.js';
import type { TrialEvent, TrialPlan, TrialProgress } from '../../sweep/runner.js';
import type { CliIo } from '../cli-io.js';
import { describeProgress, formatDuration, stageEta } from './trial-line.js';

export interface SweepProgress {
  update(event: TrialEvent, state: SweepState): void;
  stop(): void;
}

function label(plan: TrialPlan): string {
  const values = Object.entries(plan.overrides).map(([k, v]) => `${k.split('.').at(-1)}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return values.length ? `${plan.trialId} ${values.join(' ')}` : plan.trialId;
}

function plainProgress(io: CliIo, trials: readonly TrialPlan[]): SweepProgress {
  const byId = new Map(trials.map((t) => [t.trialId, t]));
  const lastEpoch = new Map<string, string>();
  const stamp = () => new Date().toISOString();
  let done = 0;
  return {
    update(event) {
      const name = byId.has(event.trialId) ? label(byId.get(event.trialId)!) : event.trialId;
      switch (event.kind) {
        case 'started':
          io.out(`${stamp()} started   ${name} (${event.where})\n`);
          break;
        case 'progress': {
          const p = event.progress;
          // Epoch ends and stage changes only: step lines would flood a log file.
          const key = `${p.stage}:${p.epoch}`;
          if (p.step === undefined && lastEpoch.get(event.trialId) !== key) {
            lastEpoch.set(event.trialId, key);
            io.out(`${stamp()} progress  ${event.trialId} ${describeProgress(p)}\n`);
          }
          break;
        }
        case 'completed':
          done++;
          io.out(`${stamp()} completed ${name} [${done}/${trials.length}] ${headline(event.metrics)}\n`);
          break;
        case 'failed':
        case 'killed':
          done++;
          io.out(`${stamp()} ${event.kind.padEnd(9)} ${name} [${done}/${trials.length}] ${event.reason}\n`);
          break;
        case 'submitted':
          break;
      }
    },
    stop() {},
  };
}

/** The three numbers of the study, when present. */
export function headline(metrics: Readonly<Record<string, number>>): string {
  const keys: [string, string][] = [
    ['eval/verification_map', 'verification'],
    ['eval/matching_map', 'matching'],
    ['eval/retrieval_map', 'retrieval'],
  ];
  return keys
    .filter(([k]) => metrics[k] !== undefined)
    .map(([k, n]) => `${n} mAP ${metrics[k].toFixed(4)}`)
    .join(', ');
}

interface Row {
  task?: ListrTaskWrapper<unknown, never, never>;
  resolve?: () => void;
  reject?: (e: Error) => void;
  progress?: TrialProgress;
  stage?: string;
  stageStart: number;
  finished: boolean;
}

function listrProgress(trials: readonly TrialPlan[]): SweepProgress {
  const rows = new Map<string, Row>(trials.map((t) => [t.trialId, { stageStart: Date.now(), finished: false }]));
  let done = 0;
  const list = new Listr(
    trials.map((plan) => ({
      title: label(plan),
      task: (_ctx: unknown, task: ListrTaskWrapper<unknown, never, never>) =>
        new Promise<void>((resolve, reject) => {
          const row = rows.get(plan.trialId)!;
          Object.assign(row, { task, resolve, reject });
          if (row.finished) resolve();
        }),
    })),
    { concurrent: true, exitOnError: false, rendererOptions: { collapseErrors: false } } as never,
  );
  const running = list.run().catch(() => undefined);
  const finish = (id: string, err?: Error) => {
    const row = rows.get(id);
    if (!row || row.finished) return;
    row.finished = true;
    done++;
    if (err) row.reject?.(err);
    else row.resolve?.();
  };
  return {
    update(event) {
      const row = rows.get(event.trialId);
      if (!row) return;
      if (event.kind === 'progress') {
        const p = event.progress;
        if (p.stage !== row.stage) {
          row.stage = p.stage;
          row.stageStart = Date.now();
        }
        row.progress = { ...row.progress, ...p };
        if (row.task) row.task.output = describeProgress(row.progress, stageEta(row.progress, row.stageStart, Date.now()));
      } else if (event.kind === 'completed') {
        if (row.task) row.task.title = `${row.task.title} — ${headline(event.metrics)} [${done + 1}/${trials.length}]`;
        finish(event.trialId);
      } else if (event.kind === 'failed' || event.kind === 'killed') {
        finish(event.trialId, new Error(`${event.kind}: ${event.reason}`));
      } else if (event.kind === 'started' && row.task) {
        row.task.output = `started (${event.where})`;
      }
    },
    stop() {
      for (const id of rows.keys()) finish(id);
      void running;
    },
  };
}

export function createSweepProgress(o: { io: CliIo; trials: readonly TrialPlan[]; tty: boolean }): SweepProgress {
  return o.tty ? listrProgress(o.trials) : plainProgress(o.io, o.trials);
}

export { formatDuration };
