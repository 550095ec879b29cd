/** A `${name}` reference inside a block layer. */
const WHOLE = /^\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}$/;
const ANY = /\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;

export type ParamValues = Readonly<Record<string, unknown>>;

/** Where a `${name}` names no parameter: the path inside the value (e.g. '/filters') and the name. */
export interface UnknownRef {
  readonly at: string;
  readonly name: string;
}

/**
 * Replaces `${name}` references in a block layer: a string that is exactly one reference becomes the
 * value itself (keeping numbers numbers); references inside longer strings are interpolated. Unknown
 * names are left as written and listed.
 */
export function substituteParams(
  value: unknown,
  params: ParamValues,
): { value: unknown; unknown: UnknownRef[] } {
  const unknown: UnknownRef[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === 'string') {
      const whole = WHOLE.exec(v);
      if (whole) {
        if (whole[1] in params) return params[whole[1]];
        unknown.push({ at, name: whole[1] });
        return v;
      }
      return v.replace(ANY, (text, name: string) => {
        if (name in params) return String(params[name]);
        unknown.push({ at, name });
        return text;
      });
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}/${i}`));
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [
          k,
          walk(x, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
        ]),
      );
    }
    return v;
  };
  return { value: walk(value, ''), unknown };
}

/** The parameter names a block layer refers to. */
export function referencedParams(value: unknown): UnknownRef[] {
  return substituteParams(value, {}).unknown;
}
