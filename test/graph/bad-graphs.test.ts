import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGraph } from '../../src/graph/index.js';
import { readSpec } from './read-spec.js';

const dir = 'test/fixtures/bad-graphs';
// UPDATE_FIXTURES=1 rewrites the .expected files from the current output (review the diff!).
const update = process.env.UPDATE_FIXTURES === '1';

describe('bad graph fixtures', () => {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

  it('has at least ten wiring-error fixtures, each with its expected issues', () => {
    assert.ok(files.length >= 10, `only ${files.length} fixtures`);
  });

  for (const file of files) {
    it(`reports ${file.replace(/\.yaml$/, '')} with the expected codes, pointers and messages`, () => {
      const issues = checkGraph(readSpec(join(dir, file)));
      const expectedPath = join(dir, file.replace(/\.yaml$/, '.expected'));
      if (update) writeFileSync(expectedPath, JSON.stringify(issues, null, 2) + '\n');
      assert.ok(issues.length > 0, 'a bad graph must give at least one issue');
      assert.deepEqual(issues, JSON.parse(readFileSync(expectedPath, 'utf8')));
    });
  }
});
