import type { SpecIssue } from '../diagnostics/issue.js';
import type { BlockDefinition, BlockParam } from '../schema/generated/experiment.js';
import type { Site } from './scope.js';
import { issueAt } from './scope.js';
import { suggest as suggestName } from '../diagnostics/suggest.js';

/** Whether a value has a block parameter's declared type. */
export function hasParamType(value: unknown, type: BlockParam['type']): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
  }
}

export interface BlockParamsArgs {
  readonly blockName: string;
  readonly def: BlockDefinition;
  readonly use: Readonly<Record<string, unknown>>;
  readonly site: Site;
  /** Keys of a use that are not parameters (block, id, inputs, repeat). */
  readonly useKeys: ReadonlySet<string>;
}

/** The parameter values of one block use (given or default), or every problem with them. */
export function checkBlockParams(
  a: BlockParamsArgs,
): { ok: true; values: Record<string, unknown> } | { ok: false; issues: SpecIssue[] } {
  const declared = a.def.params ?? {};
  const names = Object.keys(declared);
  const issues: SpecIssue[] = [];
  const takes = names.length
    ? `block "${a.blockName}" takes: ${names.join(', ')}`
    : `block "${a.blockName}" takes no parameters`;
  for (const key of Object.keys(a.use)) {
    if (a.useKeys.has(key) || Object.hasOwn(declared, key)) continue;
    issues.push(
      issueAt(a.site, `/${key}`, {
        code: 'graph/unknown-block-param',
        message: `block "${a.blockName}" has no parameter "${key}"`,
        hint: suggestName(key, names) ?? takes,
      }),
    );
  }
  const values: Record<string, unknown> = {};
  for (const [name, param] of Object.entries(declared)) {
    if (!param) continue;
    const given = Object.hasOwn(a.use, name);
    const value = given ? a.use[name] : param.default;
    if (value === undefined) {
      issues.push(
        issueAt(a.site, '', {
          code: 'graph/missing-block-param',
          message: `block "${a.blockName}" needs parameter "${name}" (${param.type})`,
          hint: `add ${name}: <${param.type}> to the use${param.description ? ` (${param.description})` : ''}`,
        }),
      );
    } else if (!hasParamType(value, param.type)) {
      issues.push(
        issueAt(a.site, given ? `/${name}` : '', {
          code: 'graph/block-param-type',
          message: `block "${a.blockName}" parameter "${name}" must be ${param.type === 'integer' ? 'an integer' : `a ${param.type}`}; got ${JSON.stringify(value)}`,
        }),
      );
    } else {
      values[name] = value;
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, values };
}
