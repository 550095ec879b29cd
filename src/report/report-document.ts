/**
 * A report as data: headings, paragraphs, tables and figures. Built once from the stored runs
 * (build-report.ts), then written as Markdown and as self-contained HTML from the same blocks.
 */

export type ReportBlock =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  /** Plain text; `code` spans are the only markup. */
  | { readonly kind: 'paragraph'; readonly text: string }
  | {
      readonly kind: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
      /** Per column; default: the first column left, the others right (numbers). */
      readonly align?: readonly ('left' | 'right')[];
    }
  /** `file` is the figure's name under `figures/` next to report.md. */
  | { readonly kind: 'figure'; readonly file: string; readonly png: Buffer; readonly caption: string };

export interface ReportDocument {
  readonly title: string;
  readonly blocks: readonly ReportBlock[];
}
