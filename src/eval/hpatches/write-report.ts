/** Writes the evaluation's table artifact: `hpatches-results.md` (the benchmark's tables) and `hpatches-results.csv`. */
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import type { HPatchesResults } from './evaluate.js';
import { renderResultsCsv, renderResultsMarkdown } from './report.js';

export async function writeResultsReport(dir: string, results: HPatchesResults): Promise<string[]> {
  const files = [join(dir, 'hpatches-results.md'), join(dir, 'hpatches-results.csv')];
  await writeFileAtomic(files[0], `## HPatches evaluation\n\n${renderResultsMarkdown(results)}`);
  await writeFileAtomic(files[1], renderResultsCsv(results));
  return files;
}
