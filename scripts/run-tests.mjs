#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner through tsx.
// --unit skips test/integration (which starts real MLflow / Slurm).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') return [];
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}

let files = walk('test').sort();
if (unitOnly) files = files.filter((f) => !f.startsWith(join('test', 'integration')));
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
console.log(`run-tests: ${files.length} files`);
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files.map((f) => relative('.', f))],
  { stdio: 'inherit', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } },
);
process.exit(r.status ?? 1);
