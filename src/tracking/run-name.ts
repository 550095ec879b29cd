/** Readable run names for trials, made from the swept values. */

function formatValue(v: unknown): string {
  if (typeof v === 'number')
    return Number.isInteger(v) || Math.abs(v) >= 1e-3 ? String(v) : v.toExponential();
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/**
 * `{'stages.descriptor.optimizer.lr': 0.01, 'stages.denoiser.batch_size': 50}` → `lr=0.01 batch_size=50`.
 * Each key is shortened to its shortest dotted suffix that is unique among the swept keys, so two
 * stages' `lr` become `descriptor.optimizer.lr` and `denoiser.optimizer.lr`. Falls back to the trial id.
 */
export function trialRunName(overrides: Readonly<Record<string, unknown>>, trialId: string): string {
  const keys = Object.keys(overrides);
  if (keys.length === 0) return trialId;
  const parts = keys.map((k) => k.split('.'));
  const short = parts.map((p) => {
    for (let n = 1; n <= p.length; n++) {
      const suffix = p.slice(-n).join('.');
      if (parts.filter((q) => q.slice(-n).join('.') === suffix).length === 1) return suffix;
    }
    return p.join('.');
  });
  const name = keys.map((k, i) => `${short[i]}=${formatValue(overrides[k])}`).join(' ');
  return name.length <= 200 ? name : `${name.slice(0, 180)}… ${trialId}`;
}
