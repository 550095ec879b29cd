import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { locateIssues, formatIssue } from '../../diagnostics/render-issues.js';
import type { LocatedIssue } from '../../diagnostics/render-issues.js';
import { loadSpec } from '../../spec/load-spec.js';
import { planTrials } from '../../spec/plan-trials.js';
import { EXIT_INVALID_SPEC, EXIT_OK } from '../cli-io.js';
import type { CliIo } from '../cli-io.js';
import { expandSpecArgs } from '../expand-spec-args.js';
import type { CliCommand } from './cli-command.js';
import { collectSet } from './options.js';

export interface ValidateOptions {
  readonly set?: readonly string[];
  readonly json?: boolean;
}

/** What validate found for one file. */
export interface SpecReport {
  readonly file: string;
  readonly kind: 'experiment' | 'block library';
  readonly trials: number;
  readonly valid: boolean;
  /** Its problems (in a multi-file run, those not already reported for an earlier file). */
  readonly issues: LocatedIssue[];
}

/** Validates one spec completely: schema, semantic checks, and every trial its sweep expands to. */
export async function checkSpecFile(file: string, opts: ValidateOptions, cwd: string): Promise<SpecReport> {
  const loaded = await loadSpec(file, { set: opts.set, cwd });
  const shown = relative(cwd, resolve(cwd, file)) || file;
  const kind = loaded.library ? 'block library' : 'experiment';
  if (loaded.issues.length > 0 || loaded.library) {
    const issues = locateIssues(loaded.issues, loaded.sourceMap, cwd);
    return { file: shown, kind, trials: 0, valid: issues.length === 0, issues };
  }
  const plan = planTrials(loaded.spec);
  const issues = locateIssues(plan.issues, loaded.sourceMap, cwd);
  return { file: shown, kind, trials: plan.trials.length, valid: issues.length === 0, issues };
}

/** `trellis validate <spec...>`: prints every problem of every spec; exit 2 when any spec is invalid. */
export async function runValidate(
  specs: readonly string[],
  opts: ValidateOptions,
  io: CliIo,
): Promise<number> {
  const reports: SpecReport[] = [];
  // Specs that include the same library share its problems: report each problem once.
  const seen = new Set<string>();
  for (const file of expandSpecArgs(specs, io.cwd)) {
    const report = await checkSpecFile(file, opts, io.cwd);
    const fresh = report.issues.filter((i) => !seen.has(formatIssue(i)));
    for (const i of fresh) seen.add(formatIssue(i));
    reports.push({ ...report, issues: fresh });
  }
  const bad = reports.filter((r) => !r.valid);
  if (opts.json) {
    io.out(`${JSON.stringify(reports, null, 2)}\n`);
  } else {
    for (const r of reports) {
      if (r.issues.length > 0) io.out(r.issues.map((i) => `${formatIssue(i)}\n`).join(''));
      else if (bad.includes(r)) io.err(`${r.file}: invalid (problems shown above)\n`);
      else
        io.err(
          `${r.file}: valid ${r.kind === 'block library' ? 'block library' : `(${plural(r.trials, 'trial')})`}\n`,
        );
    }
    if (bad.length > 0) {
      const problems = reports.reduce((n, r) => n + r.issues.length, 0);
      io.err(
        `${plural(problems, 'problem')} in ${bad.length} of ${plural(reports.length, 'file')}; nothing was run\n`,
      );
    }
  }
  return bad.length > 0 ? EXIT_INVALID_SPEC : EXIT_OK;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const validateCommand: CliCommand = {
  name: 'validate',
  register: (program: Command, ctx) => {
    program
      .command('validate')
      .summary('check specs against the schemas and semantic rules')
      .description(
        'Check experiment specs (and block libraries) without running anything: YAML syntax, schema, references\n' +
          'between sections, and every trial the sweep expands to. Prints every problem as\n' +
          '`file:line:col  path  message` and exits with 2 when any spec is invalid. A folder stands for the\n' +
          'specs under it (block libraries in blocks/ are skipped).',
      )
      .argument('<spec...>', 'spec files, folders or quoted globs')
      .option('--set <path=value>', 'override a value, typed by the schema (repeatable)', collectSet, [])
      .option('--json', 'print a JSON report instead of text')
      .action(async (specs: string[], opts: { set: string[]; json?: boolean }) => {
        ctx.setExitCode(await runValidate(specs, opts, ctx.io));
      });
  },
};
