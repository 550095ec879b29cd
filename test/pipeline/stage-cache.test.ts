import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listStageCache, obtainStage, pruneStageCache } from '../../src/pipeline/stage-cache.js';

const describe = { stage: 'denoiser', experiment: 'exp' };

test('produces a stage once and serves it from the cache afterwards', async () => {
  const root = await mkdtemp(join(tmpdir(), 'cache-'));
  let produced = 0;
  const produce = async (dir: string) => {
    produced++;
    await writeFile(join(dir, 'model.txt'), 'weights');
  };
  const a = await obtainStage({ root, key: 'k1', describe, produce });
  const b = await obtainStage({ root, key: 'k1', describe, produce });
  assert.equal(produced, 1);
  assert.deepEqual([a.hit, b.hit], [false, true]);
  assert.equal(await readFile(join(b.dir, 'model.txt'), 'utf8'), 'weights');
});

test('concurrent requests for the same stage train it once', async () => {
  const root = await mkdtemp(join(tmpdir(), 'cache-'));
  let produced = 0;
  const produce = async (dir: string) => {
    produced++;
    await new Promise((r) => setTimeout(r, 100));
    await writeFile(join(dir, 'model.txt'), 'w');
  };
  const outcomes = await Promise.all([1, 2, 3].map(() => obtainStage({ root, key: 'k', describe, produce })));
  assert.equal(produced, 1);
  assert.equal(outcomes.filter((o) => !o.hit).length, 1);
});

test('a failed stage leaves its partial folder for the next attempt to resume and no complete entry', async () => {
  const root = await mkdtemp(join(tmpdir(), 'cache-'));
  await assert.rejects(
    obtainStage({
      root,
      key: 'k',
      describe,
      produce: async (dir) => {
        await writeFile(join(dir, 'checkpoint.txt'), 'epoch 1');
        throw new Error('killed at epoch 2');
      },
    }),
    /killed at epoch 2/,
  );
  assert.equal(existsSync(join(root, 'k')), false);
  let seen = '';
  await obtainStage({
    root,
    key: 'k',
    describe,
    produce: async (dir) => {
      seen = await readFile(join(dir, 'checkpoint.txt'), 'utf8');
    },
  });
  assert.equal(seen, 'epoch 1');
  assert.deepEqual((await listStageCache(root)).map((e) => [e.key, e.state]), [['k', 'complete']]);
  assert.deepEqual(await pruneStageCache(root), ['k']);
  assert.deepEqual(await listStageCache(root), []);
});
