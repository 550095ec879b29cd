import type { SpecIssue } from '../diagnostics/issue.js';
import type { Blocks } from '../schema/generated/experiment.js';
import { hasParamType } from './block-params.js';
import { pointerOf } from './json-pointer.js';
import { referencedParams } from './substitute-params.js';
import { suggest as suggestName } from '../diagnostics/suggest.js';

/** Checks block definitions on their own (once, not per use): `${refs}` to undeclared parameters and defaults of the wrong type. */
export function checkBlockDefinitions(blocks: Blocks = {}): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const [name, def] of Object.entries(blocks)) {
    if (!def) continue;
    const params = def.params ?? {};
    for (const [p, param] of Object.entries(params)) {
      if (!param) continue;
      if (param.default !== undefined && !hasParamType(param.default, param.type)) {
        issues.push({
          code: 'graph/block-param-type',
          pointer: pointerOf('blocks', name, 'params', p, 'default'),
          message: `default of parameter "${p}" of block "${name}" must be ${param.type === 'integer' ? 'an integer' : `a ${param.type}`}; got ${JSON.stringify(param.default)}`,
        });
      }
    }
    (def.layers ?? []).forEach((layer, j) => {
      for (const ref of referencedParams(layer)) {
        if (Object.hasOwn(params, ref.name)) continue;
        issues.push({
          code: 'graph/unknown-block-param-ref',
          pointer: pointerOf('blocks', name, 'layers', j) + ref.at,
          message: `block "${name}" refers to \${${ref.name}}, which is not one of its parameters`,
          hint: suggestName(ref.name, Object.keys(params)) ?? `declare it under blocks.${name}.params`,
        });
      }
    });
  }
  return issues;
}
