// Test helper: reads a YAML spec and merges the `blocks:` of its `include:` files (own blocks win),
// standing in for src/spec/loadSpec until that lands.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { ExperimentSpec } from '../../src/schema/generated/experiment.js';

export function readSpec(path: string): ExperimentSpec {
  const spec = parse(readFileSync(path, 'utf8')) as ExperimentSpec;
  let blocks = {};
  for (const inc of spec.include ?? [])
    blocks = { ...blocks, ...readSpec(resolve(dirname(path), inc)).blocks };
  return { ...spec, blocks: { ...blocks, ...spec.blocks } };
}

export function parseSpec(text: string, includeFrom?: string): ExperimentSpec {
  const spec = parse(text) as ExperimentSpec;
  let blocks = {};
  for (const inc of spec.include ?? [])
    blocks = { ...blocks, ...readSpec(resolve(includeFrom ?? '.', inc)).blocks };
  return { ...spec, blocks: { ...blocks, ...spec.blocks } };
}
