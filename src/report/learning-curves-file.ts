/** The trial's `learning-curves.png`, written by run-trial next to results.json and logged under `figures/`. */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { renderLearningCurves, type StageHistory } from './plot/learning-curves.js';

export const LEARNING_CURVES_FILE = 'learning-curves.png';

/** Writes the figure (one panel per stage) and returns its path; no file when no stage has epochs. */
export async function writeLearningCurves(
  trialDir: string,
  stages: Readonly<Record<string, StageHistory>>,
): Promise<string[]> {
  if (!Object.values(stages).some((s) => s.history.length > 0)) return [];
  const path = join(trialDir, LEARNING_CURVES_FILE);
  await writeFileAtomic(path, renderLearningCurves(stages));
  return [path];
}
