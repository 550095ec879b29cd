/**
 * The report of a set of stored trials: summary, improvement over a baseline, results by noise level,
 * model sizes, training, each sweep's table and metric-vs-parameter figure, learning curves and
 * denoising examples. Pure: the same trials give the same document (figures included).
 */
import { renderLearningCurves } from './plot/learning-curves.js';
import { renderMetricVsParam } from './plot/metric-vs-param.js';
import type { ReportTrial } from './load-trials.js';
import type { ReportBlock, ReportDocument } from './report-document.js';
import {
  improvementBlocks,
  levelBlocks,
  parameterTable,
  summaryTable,
  sweepTable,
  sweptParams,
  trainingTable,
  type Label,
} from './report-sections.js';
import { HEADLINE_METRICS, headline } from './trial-metrics.js';

export interface BuildReportOptions {
  readonly title: string;
  /** The command that regenerates the report, shown in the report. */
  readonly command: string;
  /** Sorted (loadTrials sorts them). */
  readonly trials: readonly ReportTrial[];
  /** One of `trials`. */
  readonly baseline?: ReportTrial;
}

/**
 * The shortest unambiguous name of each trial: its id when all come from one experiment,
 * `<experiment>/<id>` otherwise, `<experiment>/<sweep>/<id>` when an id repeats across sweeps.
 */
export function trialLabeller(trials: readonly ReportTrial[]): Label {
  const unique = (f: Label) => new Set(trials.map(f)).size === trials.length;
  const candidates: Label[] = [
    (t) => t.trialId,
    (t) => `${t.experiment}/${t.trialId}`,
    (t) => `${t.experiment}/${t.sweep}/${t.trialId}`,
  ];
  const oneExperiment = new Set(trials.map((t) => t.experiment)).size <= 1;
  return candidates.slice(oneExperiment ? 0 : 1).find(unique) ?? candidates[2];
}

/** Figure names: the label with anything outside [A-Za-z0-9._-] replaced. */
function fileSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_');
}

function sweepGroups(trials: readonly ReportTrial[]): ReportTrial[][] {
  const groups = new Map<string, ReportTrial[]>();
  for (const t of trials) groups.set(t.sweepDir, [...(groups.get(t.sweepDir) ?? []), t]);
  return [...groups.values()];
}

function sweepBlocks(trials: readonly ReportTrial[]): ReportBlock[] {
  const swept = sweepGroups(trials).filter((g) => sweptParams(g).length > 0);
  return swept.flatMap((group): ReportBlock[] => {
    const { experiment, sweep } = group[0];
    const params = sweptParams(group);
    const points = group.flatMap((t) => {
      if (!t.results) return [];
      const h = headline(t.results);
      const metrics = Object.fromEntries(
        HEADLINE_METRICS.flatMap((m) => (h[m.task] === undefined ? [] : [[m.task, h[m.task]!]])),
      );
      return [{ params: t.overrides, metrics }];
    });
    return [
      { kind: 'heading', level: 3, text: `${experiment}/${sweep}` },
      sweepTable(group),
      ...(points.length === 0
        ? []
        : [
            {
              kind: 'figure',
              file: `sweep-${fileSafe(`${experiment}-${sweep}`)}.png`,
              png: renderMetricVsParam({
                points,
                params,
                metrics: HEADLINE_METRICS.map((m) => ({ key: m.task, label: m.task })),
              }),
              caption: `${experiment}/${sweep}: mAP of each task against each swept parameter (points: trials; line: mean per value).`,
            } as const,
          ]),
    ];
  });
}

function figureBlocks(
  trials: readonly ReportTrial[],
  label: Label,
): { curves: ReportBlock[]; examples: ReportBlock[] } {
  const curves: ReportBlock[] = [];
  const examples: ReportBlock[] = [];
  for (const t of trials) {
    if (t.results && Object.keys(t.results.stages).length > 0) {
      curves.push({
        kind: 'figure',
        file: `learning-curves-${fileSafe(label(t))}.png`,
        png: renderLearningCurves(t.results.stages),
        caption: `${label(t)}: training and validation loss per epoch and stage; dashed lines mark learning-rate changes.`,
      });
    }
    if (t.denoisingExamples) {
      examples.push({
        kind: 'figure',
        file: `denoising-${fileSafe(label(t))}.png`,
        png: t.denoisingExamples,
        caption: `${label(t)}: noisy input (left), denoised (centre), clean (right); test patches of the easy, hard and tough images, top to bottom.`,
      });
    }
  }
  return { curves, examples };
}

export function buildReport(o: BuildReportOptions): ReportDocument {
  const label = trialLabeller(o.trials);
  const section = (title: string, blocks: readonly ReportBlock[]): ReportBlock[] =>
    blocks.length === 0 ? [] : [{ kind: 'heading', level: 2, text: title }, ...blocks];
  const { curves, examples } = figureBlocks(o.trials, label);
  const sweeps = [...new Set(o.trials.map((t) => `${t.experiment}/${t.sweep}`))];
  return {
    title: o.title,
    blocks: [
      { kind: 'heading', level: 1, text: o.title },
      {
        kind: 'paragraph',
        text: `${o.trials.length} trial(s) from ${sweeps.map((s) => `\`${s}\``).join(', ')}, read from their stored results. Regenerate with \`${o.command}\`.`,
      },
      ...section('Results', [summaryTable(o.trials, label)]),
      ...section(
        'Improvement over the baseline',
        o.baseline ? improvementBlocks(o.trials, o.baseline, label) : [],
      ),
      ...section('Results by noise level', levelBlocks(o.trials, label)),
      ...section('Model size', parameterTable(o.trials, label)),
      ...section('Training', trainingTable(o.trials, label)),
      ...section('Sweeps', sweepBlocks(o.trials)),
      ...section('Learning curves', curves),
      ...section('Denoising examples', examples),
    ],
  };
}
