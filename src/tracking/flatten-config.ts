/** Turns a nested resolved config into MLflow params: dotted keys, string values. */

/**
 * `{stages: {denoiser: {optimizer: {lr: 0.1}}}}` → `{'stages.denoiser.optimizer.lr': '0.1'}`. Arrays of
 * objects are indexed (`layers.0.filters`); arrays of scalars stay one value (`[32,32,1]`), which reads
 * better in the UI. Numbers are written plainly so the UI's parallel-coordinates axes treat them as numeric.
 */
export function flattenConfig(config: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (value: unknown, key: string): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== 'object')) {
        out[key] = JSON.stringify(value);
        return;
      }
      if (value.length === 0) out[key] = '[]';
      value.forEach((v, i) => visit(v, key ? `${key}.${i}` : String(i)));
      return;
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0 && key) out[key] = '{}';
      for (const [k, v] of entries) visit(v, key ? `${key}.${k}` : k);
      return;
    }
    if (key) out[key] = value === null ? 'null' : String(value);
  };
  visit(config, prefix);
  return out;
}
