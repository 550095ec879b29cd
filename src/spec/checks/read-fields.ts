import { isPlainObject } from '../json-pointer.js';

/**
 * Sections owned by other schemas may still be placeholders or change shape, so checks read them as
 * unknown and narrow here instead of trusting the generated types.
 */
export function recordOf(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

export function stringAt(value: unknown, key: string): string | undefined {
  const v = isPlainObject(value) ? value[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}
