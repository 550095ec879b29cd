import type { ModelPlan } from './plan-model.js';
import { formatShape } from './shape.js';

const count = (n: number): string => n.toLocaleString('en-US');

/** FLOPs with an SI suffix (1.23 GFLOPs), exact below 10,000. */
function flops(n: number): string {
  if (n < 1e4) return String(n);
  const [scale, unit] = n >= 1e9 ? [1e9, 'G'] : n >= 1e6 ? [1e6, 'M'] : [1e3, 'k'];
  return `${(n / scale).toFixed(2)}${unit}`;
}

/** The plan as an aligned text table with a totals line, for `trellis plan`. */
export function formatModelPlan(plan: ModelPlan): string {
  const header = ['layer', 'type', 'output shape', 'trainable', 'non-trainable', 'FLOPs'];
  const body = plan.rows.map((r) => [
    r.name,
    r.type,
    formatShape(r.outputShape),
    count(r.trainable),
    count(r.nonTrainable),
    flops(r.flops),
  ]);
  const t = plan.totals;
  const total = ['total', '', '', count(t.trainable), count(t.nonTrainable), flops(t.flops)];
  const rows = [header, ...body, total];
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const numeric = (c: number): boolean => c >= 3;
  const line = (r: string[]): string =>
    r
      .map((cell, c) => (numeric(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [
    `model ${plan.model}: ${count(t.params)} parameters (${count(t.trainable)} trainable + ${count(t.nonTrainable)} non-trainable), ${flops(t.flops)} FLOPs per sample`,
    line(header),
    rule,
    ...body.map(line),
    rule,
    line(total),
    `outputs: ${plan.outputs.join(', ')}; FLOPs count a multiply-add as 2, at inference.`,
  ].join('\n');
}
