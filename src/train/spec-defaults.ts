import stageSchema from '../../schemas/stage.schema.json' with { type: 'json' };

/**
 * Fills a stage sub-spec's omitted options with the defaults written in schemas/stage.schema.json, so
 * the defaults live in one place (the schema) whether or not the spec reader already applied them.
 * Returns a new object; the user's spec is not changed.
 */
type Defs = typeof stageSchema.$defs;
type DefName = keyof Defs;

interface PropertySchema {
  readonly default?: unknown;
}

/** The object with every option set (every optional option in stage.schema.json has a default; tested). */
export type WithDefaults<T> = Required<T>;

export function withDefaults<T extends object>(def: DefName, spec: T): WithDefaults<T> {
  const properties =
    (stageSchema.$defs[def] as { properties?: Record<string, PropertySchema> }).properties ?? {};
  const out: Record<string, unknown> = { ...(spec as Record<string, unknown>) };
  for (const [key, prop] of Object.entries(properties)) {
    if (out[key] === undefined && prop.default !== undefined) out[key] = prop.default;
  }
  return out as WithDefaults<T>;
}

/** Schema definition name of each variant, by union and `type`. */
export function variantDef<U extends string>(union: 'loss' | 'optimizer' | 'schedule', type: U): DefName {
  return `${type}_${union}` as DefName;
}
