/** report.md from a report document; figures are referenced as `figures/<file>` next to it. */
import type { ReportBlock, ReportDocument } from './report-document.js';

export const FIGURES_DIR = 'figures';

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(block: Extract<ReportBlock, { kind: 'table' }>): string {
  const align = block.head.map((_, i) => block.align?.[i] ?? (i === 0 ? 'left' : 'right'));
  return [
    `| ${block.head.map(escapeCell).join(' | ')} |`,
    `|${align.map((a) => (a === 'right' ? '---:' : '---')).join('|')}|`,
    ...block.rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ].join('\n');
}

function renderBlock(b: ReportBlock): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${b.text}`;
    case 'paragraph':
      return b.text;
    case 'table':
      return markdownTable(b);
    case 'figure':
      return `![${b.caption}](${FIGURES_DIR}/${b.file})\n\n*${b.caption}*`;
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  return doc.blocks.map(renderBlock).join('\n\n') + '\n';
}
