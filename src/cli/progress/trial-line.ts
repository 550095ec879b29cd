import type { TrialProgress } from '../../sweep/runner.js';

/** Short text for a trial's latest progress: `descriptor 3/20 step 120/1000 loss 0.2310 ETA 4m10s`. */
export function describeProgress(p: TrialProgress, etaSeconds?: number): string {
  const parts: string[] = [];
  if (p.stage) parts.push(p.stage);
  if (p.epoch !== undefined) parts.push(`epoch ${p.epoch}${p.epochs ? `/${p.epochs}` : ''}`);
  if (p.step !== undefined) parts.push(`step ${p.step}${p.steps ? `/${p.steps}` : ''}`);
  if (typeof p.loss === 'number') parts.push(`loss ${p.loss.toFixed(4)}`);
  if (p.message) parts.push(p.message);
  if (etaSeconds !== undefined && Number.isFinite(etaSeconds)) parts.push(`ETA ${formatDuration(etaSeconds)}`);
  return parts.join(' ');
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Remaining time of the current stage from its progress so far: the fraction done within the stage
 * (epochs and steps) against the time since the stage started.
 */
export function stageEta(p: TrialProgress, stageStartedMs: number, nowMs: number): number | undefined {
  if (p.epochs === undefined && p.steps === undefined) return undefined;
  const epochs = p.epochs ?? 1;
  const epochDone = (p.epoch ?? 1) - 1;
  const stepFrac = p.steps ? (p.step ?? 0) / p.steps : p.step === undefined && p.epoch !== undefined ? 1 : 0;
  const done = (epochDone + stepFrac) / epochs;
  if (done <= 0) return undefined;
  const elapsed = (nowMs - stageStartedMs) / 1000;
  return (elapsed * (1 - done)) / done;
}
