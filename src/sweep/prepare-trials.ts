import { join, resolve } from 'node:path';
import { hashOf } from '../io/canonical-json.js';
import { packageRoot } from '../io/package-root.js';
import type { TrialFile } from '../pipeline/trial-file.js';
import type { PlannedTrial } from '../spec/plan-trials.js';

/**
 * argv that starts `trellis` the way this process was started: the compiled `bin/trellis.js`, or the
 * TypeScript sources through tsx when running from a source checkout (tests, `npx tsx src/cli/bin.ts`).
 */
export function trellisCommand(): string[] {
  const fromSource = import.meta.url.endsWith('.ts');
  return fromSource
    ? [process.execPath, '--import', import.meta.resolve('tsx'), join(packageRoot(), 'src', 'cli', 'bin.ts')]
    : [process.execPath, join(packageRoot(), 'bin', 'trellis.js')];
}

/**
 * A sweep's folder name when none is given: a hash of its trial ids, so running the same spec (and
 * the same sweep) again finds the same folder and resumes it, whatever the key order or the route
 * (extends, --set, sweep) by which values were reached.
 */
export function defaultSweepName(trials: readonly PlannedTrial[]): string {
  return `sweep-${hashOf(trials.map((t) => t.id).sort(), 8)}`;
}

/** One plan per trial, with the resolved spec and everything `trellis trial` needs. */
export function prepareTrials(o: {
  trials: readonly PlannedTrial[];
  sweepDir: string;
  specPath: string;
  artifacts: string;
  env?: Readonly<Record<string, string>>;
  /** argv prefix that runs trellis (default trellisCommand()). */
  trellis?: readonly string[];
}): TrialFile[] {
  const trellis = o.trellis ?? trellisCommand();
  return o.trials.map((t) => {
    const trialDir = join(o.sweepDir, 'trials', t.id);
    return {
      trialId: t.id,
      sweepDir: o.sweepDir,
      trialDir,
      overrides: t.overrides,
      command: [...trellis, 'trial', join(trialDir, 'plan.json')],
      env: o.env,
      spec: t.spec,
      specPath: resolve(o.specPath),
      specHash: hashOf(t.spec, 16),
      artifacts: o.artifacts,
    };
  });
}
