import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './cli-io.js';

// Every invalid spec under test/fixtures/bad-specs/ (support/ holds files they extend or include) must
// print exactly its .expected text and exit with 2. A <name>.args file holds extra CLI arguments, one a line.
const dir = join('test', 'fixtures', 'bad-specs');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('invalid spec fixtures', () => {
  it('has at least 30 fixtures, each with its expected output', () => {
    assert.ok(fixtures.length >= 30, `only ${fixtures.length} fixtures`);
    for (const f of fixtures)
      assert.ok(existsSync(join(dir, f.replace(/\.yaml$/, '.expected'))), `${f} has no .expected`);
  });

  for (const f of fixtures) {
    it(`reports ${f} with its exact messages and positions, and exits with 2`, async () => {
      const base = join(dir, f.replace(/\.yaml$/, ''));
      const args = existsSync(`${base}.args`)
        ? readFileSync(`${base}.args`, 'utf8').split('\n').filter(Boolean)
        : [];
      const { code, out } = await runCli(['validate', join(dir, f), ...args]);
      assert.equal(out, readFileSync(`${base}.expected`, 'utf8'));
      assert.equal(code, 2);
    });
  }
});
