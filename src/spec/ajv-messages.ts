import type { ErrorObject } from 'ajv';
import type { SpecIssue } from '../diagnostics/issue.js';
import { closest, listOf, suggest } from '../diagnostics/suggest.js';
import { childPointer, isPlainObject } from './json-pointer.js';
import { alternatives, deref, discriminatorValues } from './schema-set.js';
import type { JsonSchema, SchemaSet } from './schema-set.js';

// One ajv error → one issue: the message says what was expected and what was found, per keyword.

export function toIssue(e: ErrorObject, set: SchemaSet): SpecIssue {
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

export function alternativesIssue(e: ErrorObject, set: SchemaSet): SpecIssue {
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
