/** `trellis status`: the state of every trial of a sweep as a plain-text table (pure). */
import type { LiveTrialState } from './state-live.js';
import type { SweepState, TrialState } from './sweep-state.js';

const COLUMNS = ['trial', 'state', 'tries', 'parameters', 'metrics', 'where', 'reason'] as const;

export function formatStatusTable(
  state: SweepState,
  opts: { maxReason?: number; maxMetrics?: number } = {},
): string {
  const maxReason = opts.maxReason ?? 80;
  const maxMetrics = opts.maxMetrics ?? 3;
  const trials = [...state.trials.values()] as LiveTrialState[];
  const rows = trials.map((t) => [
    t.trialId,
    t.unrecorded ? `${t.state}*` : t.state,
    String(t.attempts),
    formatValues(t.overrides),
    formatValues(headlineMetrics(t.metrics, maxMetrics)),
    t.where ?? t.handle ?? '',
    truncate(t.reason ?? '', maxReason),
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const counts = countStates(state.trials.values());
  const total = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const footer = `${state.trials.size} trials${total ? `: ${total}` : ''}${state.skippedLines ? ` (${state.skippedLines} unreadable log lines skipped)` : ''}`;
  const note = trials.some((t) => t.unrecorded)
    ? ["* from the trial's status.json, not yet in the sweep log: `trellis run` the sweep again to record it"]
    : [];
  return [line(COLUMNS), ...rows.map(line), footer, ...note].join('\n') + '\n';
}

export function countStates(trials: Iterable<TrialState>): Record<TrialState['state'], number> {
  const counts = { pending: 0, submitted: 0, running: 0, completed: 0, failed: 0, killed: 0 };
  for (const t of trials) counts[t.state]++;
  return counts;
}

/** The few metrics that fit a row: the least nested names first (`eval/verification_map` before `eval/verification/inter/easy_ap`). */
function headlineMetrics(
  metrics: Readonly<Record<string, number>> | undefined,
  n: number,
): Record<string, number> | undefined {
  if (!metrics) return undefined;
  const depth = (k: string): number => k.split('/').length;
  const keys = Object.keys(metrics).sort((a, b) => depth(a) - depth(b));
  return Object.fromEntries(keys.slice(0, n).map((k) => [k, metrics[k]]));
}

function formatValues(values: Readonly<Record<string, unknown>> | undefined): string {
  if (!values) return '';
  return Object.entries(values)
    .map(
      ([k, v]) => `${k.split(/[./]/).pop()}=${typeof v === 'number' ? formatNumber(v) : JSON.stringify(v)}`,
    )
    .join(' ');
}

function formatNumber(v: number): string {
  return Number.isInteger(v)
    ? String(v)
    : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4
      ? String(+v.toPrecision(4))
      : v.toExponential(2);
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
