import type { Command } from 'commander';
import { stringify } from 'yaml';
import { formatIssue, locateIssues } from '../../diagnostics/render-issues.js';
import type { ExperimentSpec } from '../../schema/generated/experiment.js';
import { loadSpec } from '../../spec/load-spec.js';
import { planTrials } from '../../spec/plan-trials.js';
import type { PlannedTrial } from '../../spec/plan-trials.js';
import { EXIT_INVALID_SPEC, EXIT_OK } from '../cli-io.js';
import type { CliIo } from '../cli-io.js';
import type { CliCommand } from './cli-command.js';
import { collectSet } from './options.js';
import { artifactsRoot, stageCacheRoot } from '../../pipeline/artifact-paths.js';
import { stageOutlook } from '../../pipeline/stage-outlook.js';
import { trellisVersion } from '../../tracking/run-tags.js';
import { formatDuration } from '../progress/trial-line.js';
import { formatModelTables } from './plan-model-table.js';

export interface PlanOptions {
  readonly set?: readonly string[];
  readonly json?: boolean;
}

/** `trellis plan <spec>`: the resolved config and the trials the sweep expands to. Writes nothing. */
export async function runPlan(spec: string, opts: PlanOptions, io: CliIo): Promise<number> {
  const loaded = await loadSpec(spec, { set: opts.set, cwd: io.cwd });
  let issues = loaded.issues;
  if (loaded.library && issues.length === 0) {
    io.err(`${spec} is a block library, not an experiment; include it from a spec and plan that\n`);
    return EXIT_INVALID_SPEC;
  }
  const plan = issues.length === 0 ? planTrials(loaded.spec) : { trials: [], issues: [], repeats: 0 };
  issues = [...issues, ...plan.issues];
  if (issues.length > 0) {
    const located = locateIssues(issues, loaded.sourceMap, io.cwd);
    if (opts.json) io.out(`${JSON.stringify({ valid: false, issues: located }, null, 2)}\n`);
    else io.out(located.map((i) => `${formatIssue(i)}\n`).join(''));
    io.err(`${spec}: invalid; nothing was planned\n`);
    return EXIT_INVALID_SPEC;
  }
  if (opts.json) {
    const { sweep: _sweep, ...resolved } = loaded.spec as ExperimentSpec & { sweep?: unknown };
    const out = {
      valid: true,
      spec: resolved,
      sweep: loaded.spec.sweep ?? null,
      trials: plan.trials.map((t) => ({ id: t.id, overrides: t.overrides })),
      repeats: plan.repeats,
    };
    io.out(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    io.out(formatPlan(loaded.spec, plan.trials));
    if (plan.repeats > 0) {
      io.out(
        `(${plan.repeats} expanded configuration${plan.repeats === 1 ? '' : 's'} repeated an earlier trial and ${plan.repeats === 1 ? 'was' : 'were'} dropped)\n`,
      );
    }
    io.out(await formatStageOutlook(plan.trials, io.cwd));
  }
  return EXIT_OK;
}

/** The text form: resolved config (models summarised by the model-table extension point), then the trials. */
export function formatPlan(spec: ExperimentSpec, trials: readonly PlannedTrial[]): string {
  const {
    models: _models,
    blocks: _blocks,
    sweep,
    ...config
  } = spec as ExperimentSpec & Record<string, unknown>;
  const sections = [`# resolved config\n${stringify(config, { lineWidth: 110 })}`];
  const models = formatModelTables(spec);
  if (models) sections.push(models);
  if (sweep) sections.push(formatSweep(sweep as Record<string, unknown>));
  sections.push(formatTrialTable(trials));
  return sections.join('\n');
}

/** Per trial, which stages the stage cache already holds and which will be trained, with estimates. */
async function formatStageOutlook(trials: readonly PlannedTrial[], cwd: string): Promise<string> {
  if (!trials.some((t) => Object.keys(t.spec.stages ?? {}).length > 0)) return '';
  const outlook = await stageOutlook({ trials, cacheRoot: stageCacheRoot(artifactsRoot(cwd)), version: trellisVersion() });
  let total = 0;
  let unknown = false;
  const lines = trials.map((t) => {
    const parts = (outlook.get(t.id) ?? []).map((s) => {
      if (s.fate === 'train' && s.estimateSeconds !== undefined) total += s.estimateSeconds;
      if (s.fate === 'train' && s.estimateSeconds === undefined) unknown = true;
      const est = s.estimateSeconds !== undefined ? ` ~${formatDuration(s.estimateSeconds)}` : '';
      return `${s.stage}: ${s.fate === 'shared' ? 'trained by an earlier trial' : s.fate === 'cached' ? 'from cache' : `train${est}`}`;
    });
    return `  ${t.id}  ${parts.join(', ')}\n`;
  });
  const estimate = total > 0 ? `; training time from earlier runs: ~${formatDuration(total)}${unknown ? ' + stages never run before' : ''} (one worker)` : '';
  return `\nstages${estimate}\n${lines.join('')}`;
}

/** `N trials` and a table: id, then one column per swept path. */
export function formatTrialTable(trials: readonly PlannedTrial[]): string {
  const paths = [...new Set(trials.flatMap((t) => Object.keys(t.overrides)))];
  const rows = trials.map((t) => [t.id, ...paths.map((p) => showValue(t.overrides[p]))]);
  const header = ['id', ...paths];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string =>
    `  ${cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd()}\n`;
  return `${trials.length} trial${trials.length === 1 ? '' : 's'}\n${[header, ...rows].map(line).join('')}`;
}

function showValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One line per sweep section, e.g. `grid: seed [1, 2] × data.source.sequences [4, 8, 12]`. */
function formatSweep(sweep: Record<string, unknown>): string {
  const lines: string[] = [];
  const entries = (v: unknown): [string, unknown][] => Object.entries((v ?? {}) as Record<string, unknown>);
  const list = (v: unknown): string => `[${(v as unknown[]).map(showValue).join(', ')}]`;
  if (sweep.grid)
    lines.push(
      `  grid: ${entries(sweep.grid)
        .map(([p, v]) => `${p} ${list(v)}`)
        .join(' × ')}`,
    );
  if (sweep.zip)
    lines.push(
      `  zip: ${entries(sweep.zip)
        .map(([p, v]) => `${p} ${list(v)}`)
        .join(' | ')}`,
    );
  const random = sweep.random as
    { count?: number; seed?: number; params?: Record<string, Record<string, unknown>> } | undefined;
  if (random) {
    const params = entries(random.params).map(([p, d]) => {
      const { type, ...args } = d as Record<string, unknown>;
      return `${p} ${String(type)}${args.values ? ` ${list(args.values)}` : `(${String(args.min)}, ${String(args.max)})`}`;
    });
    const seed = random.seed === undefined ? '' : `, seed ${random.seed}`;
    lines.push(`  random: ${random.count} samples${seed} of ${params.join(', ')}`);
  }
  return `sweep\n${lines.join('\n')}\n`;
}

export const planCommand: CliCommand = {
  name: 'plan',
  register: (program: Command, ctx) => {
    program
      .command('plan')
      .summary('show the resolved config and the trials a sweep expands to')
      .description(
        'Resolve a spec (extends, include, --set, defaults), validate it, and list the trials its sweep expands\n' +
          'to with their ids and swept values. Runs and writes nothing; exits with 2 when the spec is invalid.',
      )
      .argument('<spec>', 'experiment spec (YAML)')
      .option('--set <path=value>', 'override a value, typed by the schema (repeatable)', collectSet, [])
      .option('--json', 'print the resolved spec and the trials as JSON')
      .action(async (spec: string, opts: { set: string[]; json?: boolean }) => {
        ctx.setExitCode(await runPlan(spec, opts, ctx.io));
      });
  },
};
