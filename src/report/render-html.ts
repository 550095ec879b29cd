/**
 * report.html from a report document: one self-contained file (CSS inline, figures as data: URIs), so it
 * opens offline, from an MLflow artifact view, or as an e-mail attachment, and fetches nothing.
 */
import type { ReportBlock, ReportDocument } from './report-document.js';

const STYLE = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; max-width: 1100px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #ddd; padding-bottom: .3rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #eee; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: .8rem 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: .3rem .6rem; }
th { background: #f5f5f5; text-align: left; }
td.r, th.r { text-align: right; }
tbody tr:nth-child(even) { background: #fafafa; }
code { background: #f2f2f2; padding: 0 .25rem; border-radius: 3px; font-size: .92em; }
figure { margin: 1rem 0 2rem; }
figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #555; font-size: .9rem; }
`.trim();

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Escapes, then turns `code` spans into <code>. */
function inline(s: string): string {
  return escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function table(b: Extract<ReportBlock, { kind: 'table' }>): string {
  const cls = (i: number) => ((b.align?.[i] ?? (i === 0 ? 'left' : 'right')) === 'right' ? ' class="r"' : '');
  const head = b.head.map((h, i) => `<th${cls(i)}>${inline(h)}</th>`).join('');
  const rows = b.rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${inline(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

function renderBlock(b: ReportBlock): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${inline(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p>${inline(b.text)}</p>`;
    case 'table':
      return table(b);
    case 'figure':
      return `<figure><img alt="${escapeHtml(b.caption)}" src="data:image/png;base64,${b.png.toString('base64')}"><figcaption>${inline(b.caption)}</figcaption></figure>`;
  }
}

export function renderHtml(doc: ReportDocument): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    ...doc.blocks.map(renderBlock),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
