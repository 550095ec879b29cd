/** The report's tables, each a function of the loaded trials (pure; rows in the trials' sorted order). */
import { LEVELS } from '../data/dataset.js';
import { formatCount, formatLoss, formatScore, formatSeconds, formatValue, NONE } from './format-cells.js';
import { formatImprovement, relativeImprovement } from './improvement.js';
import type { ReportTrial } from './load-trials.js';
import type { ReportBlock } from './report-document.js';
import {
  HEADLINE_METRICS,
  headline,
  levelBreakdown,
  totalSeconds,
  trainableParameters,
  type LevelBreakdown,
} from './trial-metrics.js';
import type { TrialResultsFile } from './trial-results.js';

export type Label = (t: ReportTrial) => string;

type Finished = ReportTrial & { readonly results: TrialResultsFile };
const finished = (trials: readonly ReportTrial[]): Finished[] =>
  trials.filter((t): t is Finished => t.results !== undefined);

function stateText(t: ReportTrial): string {
  return t.state === 'completed' || !t.reason
    ? t.state
    : `${t.state}: ${t.reason.split('\n')[0].slice(0, 80)}`;
}

/** Headline mAPs of every trial, with its back end and state. */
export function summaryTable(trials: readonly ReportTrial[], label: Label): ReportBlock {
  return {
    kind: 'table',
    head: ['run', 'verification mAP', 'matching mAP', 'retrieval mAP', 'back end', 'state'],
    rows: trials.map((t) => {
      const h = t.results ? headline(t.results) : undefined;
      return [
        label(t),
        formatScore(h?.verification),
        formatScore(h?.matching),
        formatScore(h?.retrieval),
        t.results?.backend ?? NONE,
        stateText(t),
      ];
    }),
    align: ['left', 'right', 'right', 'right', 'left', 'left'],
  };
}

/** Each run's relative change of the three mAPs over the baseline's. */
export function improvementBlocks(
  trials: readonly ReportTrial[],
  baseline: ReportTrial,
  label: Label,
): ReportBlock[] {
  if (!baseline.results) {
    return [
      {
        kind: 'paragraph',
        text: `The baseline ${label(baseline)} has no results (${stateText(baseline)}); nothing to compare.`,
      },
    ];
  }
  const base = headline(baseline.results);
  const others = finished(trials).filter((t) => t.trialDir !== baseline.trialDir);
  if (others.length === 0)
    return [{ kind: 'paragraph', text: `No other finished run to compare with ${label(baseline)}.` }];
  const rows = others.map((t) => {
    const h = headline(t.results);
    return [
      label(t),
      ...HEADLINE_METRICS.map((m) => formatImprovement(relativeImprovement(h[m.task], base[m.task]))),
    ];
  });
  const sentences = rows.map(
    ([name, ...pcts]) => `${name}: ${pcts.map((p, i) => `${p} ${HEADLINE_METRICS[i].task}`).join(', ')}.`,
  );
  return [
    {
      kind: 'paragraph',
      text: `Relative change of each mAP over the baseline ${label(baseline)} (verification ${formatScore(base.verification)}, matching ${formatScore(base.matching)}, retrieval ${formatScore(base.retrieval)}): (run - baseline) / baseline.`,
    },
    { kind: 'table', head: ['run', 'verification', 'matching', 'retrieval'], rows },
    ...sentences.map((text): ReportBlock => ({ kind: 'paragraph', text })),
  ];
}

const LEVEL_TABLES: readonly {
  title: string;
  pick: (b: LevelBreakdown) => Partial<Record<string, number>>;
}[] = [
  {
    title: 'Verification: imbalanced AP, mean of inter- and intra-sequence negatives',
    pick: (b) => b.verificationAp,
  },
  { title: 'Verification: balanced ROC AUC, mean of inter and intra', pick: (b) => b.verificationAuc },
  { title: 'Matching: mAP', pick: (b) => b.matching },
  { title: 'Retrieval: mAP, mean over pool sizes', pick: (b) => b.retrieval },
];

/** Per task, each run's score by noise level (easy / hard / tough) and their mean. */
export function levelBlocks(trials: readonly ReportTrial[], label: Label): ReportBlock[] {
  const done = finished(trials);
  if (done.length === 0) return [];
  const breakdowns = done.map((t) => levelBreakdown(t.results));
  return LEVEL_TABLES.flatMap(({ title, pick }): ReportBlock[] => [
    { kind: 'heading', level: 3, text: title },
    {
      kind: 'table',
      head: ['run', ...LEVELS, 'mean'],
      rows: done.map((t, i) => {
        const values = LEVELS.map((l) => pick(breakdowns[i])[l]);
        const present = values.filter((v): v is number => v !== undefined);
        const avg =
          present.length === LEVELS.length ? present.reduce((a, b) => a + b, 0) / present.length : undefined;
        return [label(t), ...values.map(formatScore), formatScore(avg)];
      }),
    },
  ]);
}

/** Trainable parameters of every model, one column per model name. */
export function parameterTable(trials: readonly ReportTrial[], label: Label): ReportBlock[] {
  const done = finished(trials);
  const counts = done.map((t) => trainableParameters(t.results));
  const models = [...new Set(counts.flatMap((c) => Object.keys(c)))].sort();
  if (models.length === 0) return [];
  return [
    {
      kind: 'table',
      head: ['run', ...models.map((m) => `${m} (trainable)`), 'total'],
      rows: done.map((t, i) => [
        label(t),
        ...models.map((m) => formatCount(counts[i][m])),
        formatCount(Object.values(counts[i]).reduce((a, b) => a + b, 0)),
      ]),
    },
  ];
}

/** Stages known only from `time/<stage>_train_seconds` (results.json from before histories were stored). */
function untrackedStages(r: TrialResultsFile): [string, number][] {
  return Object.entries(r.metrics).flatMap(([k, v]): [string, number][] => {
    const m = /^time\/(.+)_train_seconds$/.exec(k);
    return m && !(m[1] in r.stages) ? [[m[1], v]] : [];
  });
}

/** Per run and stage: epochs, final losses, training time, back end, and whether the stage cache supplied it. */
export function trainingTable(trials: readonly ReportTrial[], label: Label): ReportBlock[] {
  const rows = finished(trials).flatMap((t) => [
    ...untrackedStages(t.results).map(([name, seconds]) => [
      label(t),
      name,
      NONE,
      NONE,
      NONE,
      formatSeconds(seconds),
      NONE,
      NONE,
    ]),
    ...Object.entries(t.results.stages).map(([name, s]) => {
      const last = s.history[s.history.length - 1];
      return [
        label(t),
        name,
        String(s.history.length),
        formatLoss(last?.loss),
        formatLoss(last?.valLoss),
        formatSeconds(s.seconds),
        s.backend ?? NONE,
        s.cached ? 'yes' : 'no',
      ];
    }),
    [
      label(t),
      '(evaluation)',
      '',
      '',
      '',
      formatSeconds(t.results.metrics['time/eval_seconds']),
      t.results.backend,
      '',
    ],
  ]);
  if (rows.length === 0) return [];
  return [
    {
      kind: 'table',
      head: ['run', 'stage', 'epochs', 'final loss', 'final val loss', 'time', 'back end', 'from cache'],
      rows,
      align: ['left', 'left', 'right', 'right', 'right', 'right', 'left', 'left'],
    },
  ];
}

/** The swept parameters of a sweep's trials (sorted). */
export function sweptParams(trials: readonly ReportTrial[]): string[] {
  return [...new Set(trials.flatMap((t) => Object.keys(t.overrides)))].sort();
}

/** A sweep's summary: every trial with its swept values, mAPs, state and time. */
export function sweepTable(trials: readonly ReportTrial[]): ReportBlock {
  const params = sweptParams(trials);
  return {
    kind: 'table',
    head: ['trial', ...params, 'verification', 'matching', 'retrieval', 'state', 'time'],
    rows: trials.map((t) => {
      const h = t.results ? headline(t.results) : undefined;
      return [
        t.trialId,
        ...params.map((p) => (p in t.overrides ? formatValue(t.overrides[p]) : NONE)),
        formatScore(h?.verification),
        formatScore(h?.matching),
        formatScore(h?.retrieval),
        stateText(t),
        formatSeconds(trialSeconds(t)),
      ];
    }),
    align: ['left', ...params.map(() => 'left' as const), 'right', 'right', 'right', 'left', 'right'],
  };
}

/** Stored compute time when the trial finished, else its status file's wall time. */
function trialSeconds(t: ReportTrial): number | undefined {
  if (t.results) return totalSeconds(t.results);
  const { startedAt, endedAt } = t.status ?? {};
  if (!startedAt || !endedAt) return undefined;
  return (Date.parse(endedAt) - Date.parse(startedAt)) / 1000;
}
