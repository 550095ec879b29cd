import type { ErrorObject } from 'ajv';
import type { SpecIssue } from '../diagnostics/issue.js';
import { alternativesIssue, toIssue } from './ajv-messages.js';
import { isPlainObject, isWithin } from './json-pointer.js';
import { alternativeAddress, deref } from './schema-set.js';
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
