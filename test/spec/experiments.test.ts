import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkSpecFile } from '../../src/cli/commands/validate.js';
import { formatIssue } from '../../src/diagnostics/render-issues.js';

/** Every spec under experiments/, except the block libraries in experiments/blocks/. */
function specs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return p === join('experiments', 'blocks') ? [] : specs(p);
      return /\.ya?ml$/.test(e.name) ? [p] : [];
    });
}

describe('experiments/', () => {
  const files = specs('experiments');
  it('holds at least the 3×2 grid example', () => {
    assert.ok(files.includes(join('experiments', 'examples', 'grid-3x2.yaml')));
  });

  for (const file of files) {
    it(`validates ${file}, every trial of its sweep included`, async () => {
      const report = await checkSpecFile(file, {}, process.cwd());
      assert.deepEqual(report.issues.map(formatIssue), []);
      assert.equal(report.kind, 'experiment');
      assert.ok(report.trials >= 1);
    });
  }
});
