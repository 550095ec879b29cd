/**
 * Trial folders as `trellis run` leaves them (results.json in the shape run-trial.ts writes, status.json,
 * plan.json, the sweep's event log), with small made-up numbers, for report tests.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HPatchesResults } from '../../src/eval/hpatches/evaluate.js';
import { resultsToMetrics } from '../../src/eval/hpatches/report.js';
import type { TrialResultsFile } from '../../src/report/trial-results.js';
import { openSweepLog } from '../../src/sweep/sweep-state.js';
import type { TrialStatusFile } from '../../src/sweep/runner.js';
import type { EpochRecord } from '../../src/train/epoch-record.js';

export interface FixtureScores {
  /** Verification AP per level [easy, hard, tough] (inter = value, intra = value − 0.1). */
  readonly ap: readonly [number, number, number];
  readonly matching: readonly [number, number, number];
  /** Retrieval mAP per level for pool sizes 100 and 500 ([level][pool]). */
  readonly retrieval: readonly [
    readonly [number, number],
    readonly [number, number],
    readonly [number, number],
  ];
}

const LEVELS = ['easy', 'hard', 'tough'] as const;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function hpatchesResults(s: FixtureScores): HPatchesResults {
  const vTable = Object.fromEntries(
    LEVELS.map((l, i) => [
      l,
      {
        inter: { ap: s.ap[i], auc: 0.5 + s.ap[i] / 2 },
        intra: { ap: s.ap[i] - 0.1, auc: 0.45 + s.ap[i] / 2 },
      },
    ]),
  );
  const meanRow = [0, 1].map((k) => mean(s.retrieval.map((r) => r[k])));
  return {
    levels: [...LEVELS],
    verification: { table: vTable, map: mean(s.ap.flatMap((a) => [a, a - 0.1])), pairs: 1000 },
    matching: {
      table: Object.fromEntries(LEVELS.map((l, i) => [l, s.matching[i]])),
      map: mean(s.matching),
      perSequence: { i_fixture: Object.fromEntries(LEVELS.map((l, i) => [l, [s.matching[i]]])) },
    },
    retrieval: {
      poolSizes: [100, 500],
      table: Object.fromEntries(LEVELS.map((l, i) => [l, [...s.retrieval[i]]])),
      meanRow,
      map: mean(meanRow),
      queries: 50,
      distractors: 600,
    },
    taskSources: { verification: 'generated', retrieval: 'generated' },
    timings: { describe: 1, verification: 0.5 },
  };
}

export function history(losses: readonly (readonly [number, number, number])[]): EpochRecord[] {
  return losses.map(([loss, valLoss, lr], i) => ({
    epoch: i + 1,
    loss,
    valLoss,
    lr,
    steps: 10,
    samples: 500,
    seconds: 2,
    samplesPerSecond: 250,
  }));
}

export interface FixtureTrial {
  readonly sweepDir: string;
  readonly trialId: string;
  readonly overrides?: Record<string, unknown>;
  readonly scores?: FixtureScores;
  readonly state?: TrialStatusFile['state'];
  readonly reason?: string;
  readonly parameters?: Record<string, number>;
  readonly stages?: TrialResultsFile['stages'];
  readonly evalSeconds?: number;
  readonly denoisingPng?: Buffer;
}

export const DEFAULT_STAGES: TrialResultsFile['stages'] = {
  denoiser: {
    key: 'k-den',
    cached: false,
    seconds: 28.25,
    backend: 'wasm',
    history: history([[12.5, 11.0, 1e-5]]),
  },
  descriptor: {
    key: 'k-desc',
    cached: true,
    seconds: 172,
    backend: 'wasm',
    history: history([
      [0.9, 0.8, 0.1],
      [0.7, 0.75, 0.1],
      [0.6, 0.7, 0.02],
    ]),
  },
};

/** Writes one trial folder and records it in the sweep's event log. */
export async function writeTrial(t: FixtureTrial): Promise<string> {
  const dir = join(t.sweepDir, 'trials', t.trialId);
  await mkdir(dir, { recursive: true });
  const overrides = t.overrides ?? {};
  const at = '2026-01-01T00:00:00.000Z';
  const state = t.state ?? (t.scores ? 'completed' : 'failed');
  const log = openSweepLog(t.sweepDir);
  log.append({ kind: 'planned', trialId: t.trialId, overrides, trialDir: dir, at });
  log.close();
  await writeFile(
    join(dir, 'plan.json'),
    JSON.stringify({ trialId: t.trialId, overrides, spec: { name: 'x', tracking: {} } }),
  );
  const status: TrialStatusFile = {
    trialId: t.trialId,
    state,
    startedAt: at,
    endedAt: '2026-01-01T00:01:30.000Z',
    ...(t.reason ? { reason: t.reason } : {}),
  };
  await writeFile(join(dir, 'status.json'), JSON.stringify(status));
  if (t.scores) {
    const results = hpatchesResults(t.scores);
    const stages = t.stages ?? DEFAULT_STAGES;
    const file: TrialResultsFile = {
      trialId: t.trialId,
      overrides,
      backend: 'wasm',
      parameters: t.parameters ?? {
        'params/denoiser/trainable': 59777,
        'params/denoiser/non_trainable': 0,
        'params/descriptor/trainable': 1334432,
        'params/descriptor/non_trainable': 1408,
      },
      metrics: {
        ...resultsToMetrics(results),
        ...Object.fromEntries(Object.entries(stages).map(([k, s]) => [`time/${k}_train_seconds`, s.seconds])),
        'time/eval_seconds': t.evalSeconds ?? 12.5,
      },
      stages,
      results,
    };
    await writeFile(join(dir, 'results.json'), JSON.stringify(file, null, 1));
  }
  if (t.denoisingPng) await writeFile(join(dir, 'denoising-examples.png'), t.denoisingPng);
  return dir;
}

export const BASELINE_SCORES: FixtureScores = {
  ap: [0.8, 0.7, 0.6],
  matching: [0.2, 0.1, 0.05],
  retrieval: [
    [0.5, 0.4],
    [0.4, 0.3],
    [0.3, 0.2],
  ],
};

export const IMPROVED_SCORES: FixtureScores = {
  ap: [0.88, 0.79, 0.7],
  matching: [0.26, 0.14, 0.07],
  retrieval: [
    [0.58, 0.5],
    [0.5, 0.36],
    [0.36, 0.25],
  ],
};
