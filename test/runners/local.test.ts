import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localRunner } from '../../runners/local/index.js';
import { chooseGpus, parseVisibleDevices, planWorkerSlots } from '../../runners/local/gpu-slots.js';
import { collectEvents, endsOf, runnerContract } from './contract.js';
import { fixturePlans } from '../fixtures/trials/plans.js';

runnerContract('local', () => ({
  runner: localRunner,
  options: { type: 'local', kill_grace_s: 5, gpus: 0 },
  tmpRoot: tmpdir(),
  forwardsProgress: true,
}));

describe('local runner GPU assignment', () => {
  it('reads CUDA_VISIBLE_DEVICES, stopping at -1 as CUDA does', () => {
    assert.equal(parseVisibleDevices(undefined), undefined);
    assert.deepEqual(parseVisibleDevices(''), []);
    assert.deepEqual(parseVisibleDevices('2, 3'), ['2', '3']);
    assert.deepEqual(parseVisibleDevices('1,-1,2'), ['1']);
  });

  it('takes a GPU count from the detected devices and a list as given', () => {
    assert.deepEqual(chooseGpus(undefined, ['4', '5']), ['4', '5']);
    assert.deepEqual(chooseGpus(1, ['4', '5']), ['4']);
    assert.deepEqual(chooseGpus(2, []), ['0', '1']);
    assert.deepEqual(chooseGpus([3, 1], ['0']), ['3', '1']);
  });

  it('spreads the first workers over distinct GPUs and packs trials_per_gpu on each', () => {
    assert.deepEqual(planWorkerSlots({ gpus: ['0', '1'], trialsPerGpu: 2, cores: 8 }), [
      { gpu: '0' },
      { gpu: '1' },
      { gpu: '0' },
      { gpu: '1' },
    ]);
    assert.deepEqual(planWorkerSlots({ gpus: ['0', '1'], trialsPerGpu: 1, workers: 8, cores: 8 }), [
      { gpu: '0' },
      { gpu: '1' },
    ]);
    assert.equal(planWorkerSlots({ gpus: [], trialsPerGpu: 1, cores: 3 }).length, 3);
    assert.equal(planWorkerSlots({ gpus: [], trialsPerGpu: 1, workers: 2, cores: 3 }).length, 2);
  });

  it('gives each trial only its GPU through CUDA_VISIBLE_DEVICES', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'local-gpu-'));
    try {
      const plans = fixturePlans(dir, [
        { id: 'g0', epochs: 1, epochMs: 300 },
        { id: 'g1', epochs: 1, epochMs: 300 },
      ]);
      const { writeFileAtomic } = await import('../../src/io/atomic-write.js');
      for (const p of plans) await writeFileAtomic(join(p.trialDir, 'plan.json'), JSON.stringify(p));
      const ends = endsOf(
        await collectEvents(localRunner, plans, { options: { type: 'local', gpus: [6, 7] } }),
      );
      assert.equal(ends.size, 2);
      const seen = await Promise.all(plans.map((p) => readFile(join(p.trialDir, 'runs.txt'), 'utf8')));
      assert.deepEqual(seen.map((s) => /cvd=(\S*)/.exec(s)?.[1]).sort(), ['6', '7']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('local runner failures and stops', () => {
  it('fails a trial whose command cannot start, naming the command', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'local-enoent-'));
    try {
      const [plan] = fixturePlans(dir, [{ id: 'nope' }]);
      const ends = endsOf(
        await collectEvents(localRunner, [{ ...plan, command: ['/nonexistent/trellis-node', 'x'] }], {
          options: { type: 'local', gpus: 0 },
        }),
      );
      const e = ends.get('nope');
      assert.equal(e?.kind, 'failed');
      assert.match(
        e?.kind === 'failed' ? e.reason : '',
        /^could not start \/nonexistent\/trellis-node: .*ENOENT/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('kills a trial that ignores SIGTERM after the grace period and records it as killed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'local-stubborn-'));
    try {
      const plans = fixturePlans(dir, [{ id: 'stubborn', mode: 'stubborn', epochs: 1000, epochMs: 20 }]);
      const { writeFileAtomic } = await import('../../src/io/atomic-write.js');
      await writeFileAtomic(join(plans[0].trialDir, 'plan.json'), JSON.stringify(plans[0]));
      const ac = new AbortController();
      const started = Date.now();
      const ends = endsOf(
        await collectEvents(
          localRunner,
          plans,
          { options: { type: 'local', gpus: 0, kill_grace_s: 0.3 }, signal: ac.signal },
          (e) => {
            if (e.kind === 'progress') ac.abort();
          },
        ),
      );
      assert.deepEqual(ends.get('stubborn'), {
        ...ends.get('stubborn'),
        kind: 'killed',
        reason: 'interrupted by trellis (SIGKILL)',
        exit: { code: null, signal: 'SIGKILL' },
      });
      assert.ok(Date.now() - started < 10_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
