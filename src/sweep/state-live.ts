/**
 * What `trellis status` adds to the event log: a trial the log still shows as submitted or running may
 * already have written its final status.json (a detached Slurm sweep, or an orchestrator that was
 * killed). Such trials are shown with the file's state, marked as not yet recorded.
 */
import { readTrialStatus } from './state-trial-status.js';
import type { SweepState, TrialState } from './sweep-state.js';

export interface LiveTrialState extends TrialState {
  /** True when the state comes from the trial's status.json and `trellis run` has not recorded it yet. */
  readonly unrecorded?: boolean;
}

export async function overlayTrialStatus(state: SweepState): Promise<SweepState> {
  const trials = new Map<string, LiveTrialState>();
  for (const [id, t] of state.trials) {
    trials.set(id, await liveState(t));
  }
  return { ...state, trials };
}

async function liveState(t: TrialState): Promise<LiveTrialState> {
  if ((t.state !== 'submitted' && t.state !== 'running') || !t.trialDir) return t;
  const file = await readTrialStatus(t.trialDir);
  if (!file) return t;
  if (file.state === 'running') return { ...t, state: 'running' };
  return {
    ...t,
    state: file.state,
    unrecorded: true,
    ...(file.reason ? { reason: file.reason } : {}),
    ...(file.metrics ? { metrics: file.metrics } : {}),
  };
}
