import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSpec } from '../src/spec/load-spec.js';

test("the README's example spec is valid", async () => {
  const readme = await readFile('README.md', 'utf8');
  const yaml = /## What a spec looks like\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(yaml, 'README has a "What a spec looks like" YAML block');
  // Written beside the real specs so that its include paths resolve as they would there.
  const file = join('experiments', 'noisy-hpatches', `.readme-example-${process.pid}.yaml`);
  await writeFile(file, yaml);
  try {
    assert.deepEqual((await loadSpec(file)).issues, []);
  } finally {
    await rm(file, { force: true });
  }
});
