/** Writes a report document: `report.md`, `figures/*.png` (for the Markdown) and a self-contained `report.html`. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { ReportDocument } from './report-document.js';
import { renderHtml } from './render-html.js';
import { FIGURES_DIR, renderMarkdown } from './render-markdown.js';

export interface WrittenReport {
  readonly markdown: string;
  readonly html: string;
  readonly figures: readonly string[];
}

export async function writeReport(doc: ReportDocument, outDir: string): Promise<WrittenReport> {
  // Figures of an earlier report in this folder may belong to trials no longer in it.
  await rm(join(outDir, FIGURES_DIR), { recursive: true, force: true });
  const figures: string[] = [];
  for (const b of doc.blocks) {
    if (b.kind !== 'figure') continue;
    const path = join(outDir, FIGURES_DIR, b.file);
    await writeFileAtomic(path, b.png);
    figures.push(path);
  }
  const markdown = join(outDir, 'report.md');
  const html = join(outDir, 'report.html');
  await writeFileAtomic(markdown, renderMarkdown(doc));
  await writeFileAtomic(html, renderHtml(doc));
  return { markdown, html, figures };
}
