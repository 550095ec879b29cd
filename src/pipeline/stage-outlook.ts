/**
 * What running a set of trials would do with their stages: which come from the stage cache, which are
 * trained (once, when several trials share them), and how long training took before, when the cache
 * remembers a run of the same stage of the same experiment.
 */
import type { ExperimentSpec } from '../schema/generated/experiment.js';
import { listStageCache } from './stage-cache.js';
import { planStages } from './plan-stages.js';

export type StageFate = 'cached' | 'train' | 'shared';

export interface StageOutlook {
  readonly stage: string;
  readonly key: string;
  /** cached: already in the cache; train: this trial trains it; shared: an earlier trial in the list trains it. */
  readonly fate: StageFate;
  /** Seconds an earlier training of this stage took (same experiment and stage name), if known. */
  readonly estimateSeconds?: number;
}

export async function stageOutlook(o: {
  trials: readonly { readonly id: string; readonly spec: ExperimentSpec }[];
  cacheRoot: string;
  version: string;
}): Promise<Map<string, StageOutlook[]>> {
  const entries = await listStageCache(o.cacheRoot);
  const complete = new Set(entries.filter((e) => e.state === 'complete').map((e) => e.key));
  const seconds = new Map<string, number[]>();
  for (const e of entries) {
    if (!e.meta) continue;
    const k = `${e.meta.experiment}/${e.meta.stage}`;
    const t = typeof e.meta.trainSeconds === 'number' ? (e.meta.trainSeconds as number) : e.meta.seconds;
    seconds.set(k, [...(seconds.get(k) ?? []), t]);
  }
  const planned = new Set<string>();
  const out = new Map<string, StageOutlook[]>();
  for (const trial of o.trials) {
    out.set(
      trial.id,
      planStages(trial.spec, o.version).map((p) => {
        const fate: StageFate = complete.has(p.key) ? 'cached' : planned.has(p.key) ? 'shared' : 'train';
        planned.add(p.key);
        const known = seconds.get(`${trial.spec.name}/${p.name}`);
        const estimateSeconds = fate === 'train' && known ? known.reduce((a, b) => a + b, 0) / known.length : undefined;
        return { stage: p.name, key: p.key, fate, estimateSeconds };
      }),
    );
  }
  return out;
}
