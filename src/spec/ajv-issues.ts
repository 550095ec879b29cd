import type { ErrorObject } from 'ajv';
import type { SpecIssue } from '../diagnostics/issue.js';
import { closest, listOf, suggest } from '../diagnostics/suggest.js';
import { childPointer, isPlainObject, isWithin } from './json-pointer.js';
import { alternativeAddress, alternatives, deref, discriminatorValues } from './schema-set.js';
import type { JsonSchema, SchemaSet } from './schema-set.js';

/**
 * Validates the value at `pointer` of the input as it was before validation (ajv fills in defaults while it
 * tries alternatives, which would show up as unknown keys) against the schema at `address`.
 */
export type Revalidate = (address: string, pointer: string) => readonly ErrorObject[];

/**
 * Turns ajv's errors (allErrors + verbose) into issues a person can act on: one per problem, at the key or
 * value concerned, saying what was expected and what was found, with a suggestion where one is close.
 */
export function ajvErrorsToIssues(
  errors: readonly ErrorObject[],
  set: SchemaSet,
  revalidate: Revalidate,
): SpecIssue[] {
  const kept = errors.filter((e) => e.keyword !== 'if' && e.propertyName === undefined);
  const missingTags = new Set(
    kept.filter((e) => e.keyword === 'required').map((e) => `${e.instancePath}|${e.params.missingProperty}`),
  );
  // Errors arrive innermost first: a failed union's alternatives' errors come just before it, so the
  // union replaces the run of entries below its own instance path.
  const out: { path: string; issues: SpecIssue[] }[] = [];
  for (const e of kept) {
    if (e.keyword === 'discriminator' && missingTags.has(`${e.instancePath}|${e.params.tag}`)) continue;
    if ((e.keyword === 'oneOf' || e.keyword === 'anyOf') && !Array.isArray(e.params.passingSchemas)) {
      while (out.length > 0 && isWithin(out[out.length - 1].path, e.instancePath)) out.pop();
      out.push({ path: e.instancePath, issues: unionIssues(e, set, revalidate) });
    } else out.push({ path: e.instancePath, issues: [toIssue(e, set)] });
  }
  const seen = new Set<string>();
  return out
    .flatMap((o) => o.issues)
    .filter((issue) => {
      const key = `${issue.pointer}|${issue.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * A value that matched no alternative of a oneOf / anyOf without a discriminator. Each alternative is
 * checked on its own; of those the value has the right shape for (an object for an object alternative),
 * the one meant is the one whose required keys the value has most of (`type` for a layer, `block` for a
 * block use), then the one with the fewest problems; only its problems are reported. When the value fits
 * no alternative's shape, one "expected A or B" message replaces them.
 */
function unionIssues(e: ErrorObject, set: SchemaSet, revalidate: Revalidate): SpecIssue[] {
  const union = e.parentSchema as JsonSchema | undefined;
  const raw = (union?.oneOf ?? union?.anyOf) as JsonSchema[] | undefined;
  let best: { issues: SpecIssue[]; affinity: number } | undefined;
  for (const alt of Array.isArray(raw) ? raw : []) {
    const address = alternativeAddress(set, union!, alt);
    if (!address) continue;
    const nested: Revalidate = (a, p) => revalidate(a, e.instancePath + p);
    const issues = ajvErrorsToIssues(revalidate(address, e.instancePath), set, nested).map((i) => ({
      ...i,
      pointer: e.instancePath + i.pointer,
    }));
    const wrongShape = issues.some(
      (i) =>
        i.pointer === e.instancePath &&
        (i.code === 'schema/wrong-type' ||
          i.code === 'schema/not-allowed' ||
          i.code === 'schema/no-alternative'),
    );
    if (issues.length === 0 || wrongShape) continue;
    const affinity = requiredKeys(set, alt).filter((k) => isPlainObject(e.data) && k in e.data).length;
    if (
      !best ||
      affinity > best.affinity ||
      (affinity === best.affinity && issues.length < best.issues.length)
    ) {
      best = { issues, affinity };
    }
  }
  return best?.issues ?? [alternativesIssue(e, set)];
}

function requiredKeys(set: SchemaSet, alt: JsonSchema): string[] {
  const s = deref(set, alt);
  const tag = isPlainObject(s.discriminator) ? [String(s.discriminator.propertyName)] : [];
  return [...new Set([...tag, ...(Array.isArray(s.required) ? s.required.map(String) : [])])];
}

function toIssue(e: ErrorObject, set: SchemaSet): SpecIssue {
  const p = e.params as Record<string, unknown>;
  const at = e.instancePath;
  const found = describe(e.data);
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(p.additionalProperty ?? p.unevaluatedProperty);
      const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      return {
        code: 'schema/unknown-key',
        pointer: childPointer(at, key),
        message: `unknown key "${key}"`,
        hint:
          suggest(key, allowed) ?? (allowed.length > 0 ? `allowed keys: ${allowed.join(', ')}` : 'remove it'),
      };
    }
    case 'required': {
      const key = String(p.missingProperty);
      const props = (e.parentSchema?.properties ?? {}) as Record<string, JsonSchema>;
      const about = props[key] ? (deref(set, props[key]).description ?? props[key].description) : undefined;
      return {
        code: 'schema/missing-key',
        pointer: at,
        message: `missing required key "${key}"`,
        hint: typeof about === 'string' ? `add "${key}" (${lowerFirst(firstSentence(about))})` : undefined,
      };
    }
    case 'type':
      return {
        code: 'schema/wrong-type',
        pointer: at,
        message: `expected ${String(p.type).split(',').map(typeWord).join(' or ')}, found ${found}`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        code: 'schema/out-of-range',
        pointer: at,
        message: `must be ${String(p.comparison)} ${String(p.limit)}, found ${found}`,
      };
    case 'multipleOf':
      return {
        code: 'schema/out-of-range',
        pointer: at,
        message: `must be a multiple of ${String(p.multipleOf)}, found ${found}`,
      };
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
    case 'minProperties':
    case 'maxProperties':
      return { code: 'schema/wrong-size', pointer: at, message: sizeMessage(e) };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]) ?? [];
      return {
        code: 'schema/not-allowed',
        pointer: at,
        message: `expected ${listOf(allowed)}, found ${found}`,
        hint:
          typeof e.data === 'string'
            ? suggest(
                e.data,
                allowed.filter((v): v is string => typeof v === 'string'),
              )
            : undefined,
      };
    }
    case 'const':
      return {
        code: 'schema/not-allowed',
        pointer: at,
        message: `expected ${JSON.stringify(p.allowedValue)}, found ${found}`,
      };
    case 'pattern':
      return {
        code: 'schema/bad-format',
        pointer: at,
        message: `${found} does not match the pattern ${String(p.pattern)}`,
      };
    case 'uniqueItems':
      return {
        code: 'schema/duplicate-item',
        pointer: at,
        message: `items ${String(p.j)} and ${String(p.i)} are equal; the list must not repeat values`,
      };
    case 'discriminator':
      return discriminatorIssue(e, set);
    case 'oneOf':
    case 'anyOf':
      return alternativesIssue(e, set);
    case 'propertyNames': {
      const key = String(p.propertyName);
      const names = isPlainObject(e.schema) ? deref(set, e.schema as JsonSchema) : undefined;
      return {
        code: 'schema/bad-key',
        pointer: childPointer(at, key),
        message: `"${key}" is not allowed as a key here`,
        hint:
          typeof names?.description === 'string' ? `expected ${lowerFirst(names.description)}` : undefined,
      };
    }
    case 'dependentRequired':
      return {
        code: 'schema/missing-key',
        pointer: at,
        message: `missing key "${String(p.missingProperty)}", required when "${String(p.property)}" is given`,
      };
    case 'false schema':
      return { code: 'schema/not-allowed', pointer: at, message: 'no value is allowed here' };
    default:
      return {
        code: `schema/${e.keyword}`,
        pointer: at,
        message: `${e.message ?? 'invalid'}, found ${found}`,
      };
  }
}

function discriminatorIssue(e: ErrorObject, set: SchemaSet): SpecIssue {
  const tag = String(e.params.tag);
  const allowed = e.parentSchema ? discriminatorValues(set, e.parentSchema as JsonSchema, tag) : [];
  const value = isPlainObject(e.data) ? e.data[tag] : undefined;
  if (e.params.error === 'mapping' && typeof value === 'string') {
    return {
      code: 'schema/unknown-type',
      pointer: childPointer(e.instancePath, tag),
      message: `unknown ${tag} "${value}"`,
      hint: suggest(value, allowed) ?? `expected ${listOf(allowed)}`,
    };
  }
  return {
    code: 'schema/wrong-type',
    pointer: value === undefined ? e.instancePath : childPointer(e.instancePath, tag),
    message: `"${tag}" must be a string, found ${describe(value)}`,
    hint: `expected ${listOf(allowed)}`,
  };
}

function alternativesIssue(e: ErrorObject, set: SchemaSet): SpecIssue {
  const options: string[] = [];
  const strings: string[] = [];
  for (const alt of e.parentSchema ? alternatives(set, e.parentSchema as JsonSchema) : []) {
    const s = deref(set, alt);
    const types = [s.type].flat().filter((t) => t !== undefined);
    const option =
      s.const !== undefined
        ? JSON.stringify(s.const)
        : Array.isArray(s.enum)
          ? listOf(s.enum)
          : types.length > 0
            ? types.map((t) => typeWord(String(t))).join(' or ')
            : undefined;
    if (option !== undefined && !options.includes(option)) options.push(option);
    strings.push(
      ...[s.const, ...((s.enum as unknown[]) ?? [])].filter((v): v is string => typeof v === 'string'),
    );
  }
  const near = typeof e.data === 'string' ? closest(e.data, strings) : undefined;
  return {
    code: 'schema/no-alternative',
    pointer: e.instancePath,
    message:
      options.length > 0
        ? `expected ${options.join(' or ')}, found ${describe(e.data)}`
        : `matches none of the allowed forms, found ${describe(e.data)}`,
    hint: near === undefined ? undefined : `did you mean "${near}"?`,
  };
}

function sizeMessage(e: ErrorObject): string {
  const limit = Number(e.params.limit);
  const atLeast = e.keyword.startsWith('min');
  const [unit, size] = e.keyword.endsWith('Items')
    ? ['item', Array.isArray(e.data) ? e.data.length : 0]
    : e.keyword.endsWith('Length')
      ? ['character', typeof e.data === 'string' ? e.data.length : 0]
      : ['entry', isPlainObject(e.data) ? Object.keys(e.data).length : 0];
  const plural = limit === 1 ? unit : unit === 'entry' ? 'entries' : `${unit}s`;
  return `needs ${atLeast ? 'at least' : 'at most'} ${limit} ${plural}, found ${size}`;
}

/** The first sentence of a schema description, for a hint that fits on the line. */
function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  const sentence = end === -1 ? text : text.slice(0, end);
  return sentence.length > 100 ? `${sentence.slice(0, 97)}...` : sentence;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function typeWord(type: string): string {
  const words: Record<string, string> = {
    integer: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    null: 'null',
  };
  return words[type] ?? type;
}

/** A found value, short: `"abc"`, `-1`, `a list of 3`, `a mapping`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (isPlainObject(value)) return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
