/**
 * HPatches results as tracked metrics (flat `eval/...` names) and as the benchmark's tables, in Markdown
 * (for the trial's artifact and the console) and CSV.
 */
import type { Level } from '../../data/dataset.js';
import type { HPatchesResults } from './evaluate.js';

const TITLE: Record<Level, string> = { easy: 'Easy', hard: 'Hard', tough: 'Tough' };

/**
 * `eval/verification_map`, `eval/verification/<inter|intra>/<level>_ap|_auc`, `eval/matching_map`,
 * `eval/matching/<level>`, `eval/retrieval_map`, `eval/retrieval/k<size>` (mean over levels),
 * `eval/retrieval/<level>/k<size>`.
 */
export function resultsToMetrics(results: HPatchesResults): Record<string, number> {
  const m: Record<string, number> = {};
  const { verification: v, matching, retrieval: r } = results;
  if (v) {
    m['eval/verification_map'] = v.map;
    for (const level of results.levels) {
      for (const negatives of ['inter', 'intra'] as const) {
        const row = v.table[level]![negatives];
        m[`eval/verification/${negatives}/${level}_ap`] = row.ap;
        m[`eval/verification/${negatives}/${level}_auc`] = row.auc;
      }
    }
  }
  if (matching) {
    m['eval/matching_map'] = matching.map;
    for (const level of results.levels) m[`eval/matching/${level}`] = matching.table[level]!;
  }
  if (r) {
    m['eval/retrieval_map'] = r.map;
    r.poolSizes.forEach((k, i) => {
      m[`eval/retrieval/k${k}`] = r.meanRow[i];
      for (const level of results.levels) m[`eval/retrieval/${level}/k${k}`] = r.table[level]![i];
    });
  }
  return m;
}

const f = (x: number) => x.toFixed(4);

function markdownTable(head: string[], rows: (string | number)[][]): string {
  const cell = (c: string | number) => (typeof c === 'number' ? f(c) : c);
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The benchmark's printed tables (verification balanced/imbalanced, matching, retrieval), one section each. */
export function renderResultsMarkdown(results: HPatchesResults): string {
  const out: string[] = [];
  const { verification: v, matching, retrieval: r, levels } = results;
  if (v) {
    for (const [variant, key] of [
      ['Balanced', 'auc'],
      ['Imbalanced', 'ap'],
    ] as const) {
      out.push(`### Verification — ${variant} variant (${key})\n`);
      out.push(
        markdownTable(
          ['Noise', 'Inter', 'Intra'],
          levels.map((l) => [TITLE[l], v.table[l]!.inter[key], v.table[l]!.intra[key]]),
        ),
      );
      out.push('');
    }
    out.push(
      `Verification mAP (mean of the ${2 * levels.length} imbalanced APs): **${f(v.map)}** (${v.pairs} pairs per file; tasks: ${results.taskSources.verification})\n`,
    );
  }
  if (matching) {
    out.push('### Matching — mAP\n');
    out.push(
      markdownTable(
        [...levels.map((l) => TITLE[l]), 'mean'],
        [[...levels.map((l) => matching.table[l]!), matching.map]],
      ),
    );
    out.push('');
  }
  if (r) {
    out.push(`### Retrieval — mAP, ${r.queries} queries, ${r.distractors} distractors\n`);
    out.push(
      markdownTable(
        ['Noise', ...r.poolSizes.map(String)],
        [...levels.map((l) => [TITLE[l], ...r.table[l]!]), ['mean', ...r.meanRow]],
      ),
    );
    out.push(
      `\nRetrieval mAP (mean row over the ${r.poolSizes.length} pool sizes): **${f(r.map)}** (tasks: ${results.taskSources.retrieval})\n`,
    );
  }
  return out.join('\n');
}

/** Every number as `task,variant,level,column,value` rows (full precision). */
export function renderResultsCsv(results: HPatchesResults): string {
  const rows = ['task,variant,level,column,value'];
  const { verification: v, matching, retrieval: r, levels } = results;
  if (v) {
    for (const l of levels) {
      for (const neg of ['inter', 'intra'] as const) {
        rows.push(`verification,balanced,${l},${neg},${v.table[l]![neg].auc}`);
        rows.push(`verification,imbalanced,${l},${neg},${v.table[l]![neg].ap}`);
      }
    }
    rows.push(`verification,imbalanced,mean,map,${v.map}`);
  }
  if (matching) {
    for (const l of levels) rows.push(`matching,map,${l},map,${matching.table[l]}`);
    rows.push(`matching,map,mean,map,${matching.map}`);
  }
  if (r) {
    r.poolSizes.forEach((k, i) => {
      for (const l of levels) rows.push(`retrieval,map,${l},${k},${r.table[l]![i]}`);
      rows.push(`retrieval,map,mean,${k},${r.meanRow[i]}`);
    });
    rows.push(`retrieval,map,mean,mean,${r.map}`);
  }
  return rows.join('\n') + '\n';
}
