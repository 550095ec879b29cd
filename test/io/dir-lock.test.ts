import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { acquireDirLock } from '../../src/io/dir-lock.js';

test('a second acquirer waits until the first releases', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lock-'));
  const path = join(dir, 'x.lock');
  const first = await acquireDirLock(path);
  const order: string[] = [];
  const second = acquireDirLock(path, { pollMs: 10 }).then((l) => {
    order.push('second');
    return l;
  });
  await new Promise((r) => setTimeout(r, 50));
  order.push('release');
  await first.release();
  const l2 = await second;
  assert.deepEqual(order, ['release', 'second']);
  await l2.release();
  assert.equal(existsSync(path), false);
});

test('takes over a lock whose holder process on this host is dead', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lock-'));
  const path = join(dir, 'x.lock');
  await mkdir(path);
  // pid 2^22+1 is above Linux's default pid_max, so no such process exists.
  await writeFile(join(path, 'owner.json'), JSON.stringify({ pid: 4194305, host: hostname(), since: new Date().toISOString() }));
  const lock = await acquireDirLock(path, { pollMs: 10 });
  await lock.release();
});

test('gives up waiting when the signal aborts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lock-'));
  const path = join(dir, 'x.lock');
  const held = await acquireDirLock(path);
  const ac = new AbortController();
  const waiting = acquireDirLock(path, { pollMs: 10, signal: ac.signal });
  setTimeout(() => ac.abort(), 30);
  await assert.rejects(waiting, { name: 'AbortError' });
  await held.release();
});
