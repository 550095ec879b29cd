import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExperimentSpec } from '../../src/schema/generated/experiment.js';
import { expandSweep } from '../../src/sweep/expand-sweep.js';

const spec = (sweep: unknown, extra: Record<string, unknown> = {}): ExperimentSpec =>
  ({
    name: 's',
    seed: 3,
    stages: { d: { optimizer: { type: 'sgd', lr: 0.1 }, batch_size: 50 } },
    ...extra,
    sweep,
  }) as unknown as ExperimentSpec;

describe('expandSweep', () => {
  it('gives one trial without overrides when there is no sweep', () => {
    const trials = expandSweep(spec(undefined));
    assert.equal(trials.length, 1);
    assert.deepEqual(trials[0].overrides, {});
    assert.equal('sweep' in trials[0].spec, false);
  });

  it('expands a grid as a cartesian product, the first path varying slowest', () => {
    const trials = expandSweep(spec({ grid: { 'stages.d.optimizer.lr': [0.1, 0.01, 0.001], seed: [1, 2] } }));
    assert.deepEqual(
      trials.map((t) => t.overrides),
      [0.1, 0.01, 0.001].flatMap((lr) => [1, 2].map((seed) => ({ 'stages.d.optimizer.lr': lr, seed }))),
    );
    const last = trials[5].spec as unknown as {
      seed: number;
      stages: { d: { optimizer: { lr: number }; batch_size: number } };
    };
    assert.equal(last.seed, 2);
    assert.equal(last.stages.d.optimizer.lr, 0.001);
    assert.equal(last.stages.d.batch_size, 50);
  });

  it('advances zip lists together and multiplies them with the grid', () => {
    const trials = expandSweep(
      spec({
        grid: { seed: [1, 2] },
        zip: { 'stages.d.batch_size': [8, 16], 'stages.d.optimizer.lr': [0.2, 0.4] },
      }),
    );
    assert.equal(trials.length, 4);
    assert.deepEqual(trials[1].overrides, {
      seed: 1,
      'stages.d.batch_size': 16,
      'stages.d.optimizer.lr': 0.4,
    });
    assert.equal(trials[1].origins['stages.d.batch_size'], '/sweep/zip/stages.d.batch_size/1');
  });

  it('draws random samples reproducibly from the seed, within their ranges', () => {
    const random = {
      count: 20,
      seed: 9,
      params: {
        'stages.d.optimizer.lr': { type: 'log_uniform', min: 1e-4, max: 1e-1 },
        'stages.d.batch_size': { type: 'int', min: 8, max: 10 },
        'stages.d.optimizer.type': { type: 'choice', values: ['sgd', 'adam'] },
        seed: { type: 'uniform', min: 0, max: 1 },
      },
    };
    const a = expandSweep(spec({ random }));
    assert.deepEqual(
      a.map((t) => t.overrides),
      expandSweep(spec({ random })).map((t) => t.overrides),
    );
    for (const { overrides: o } of a) {
      const lr = o['stages.d.optimizer.lr'] as number;
      assert.ok(lr >= 1e-4 && lr <= 1e-1, `lr ${lr}`);
      assert.ok([8, 9, 10].includes(o['stages.d.batch_size'] as number));
      assert.ok(['sgd', 'adam'].includes(o['stages.d.optimizer.type'] as string));
      assert.equal(String(lr), Number(lr.toPrecision(6)).toString());
    }
    assert.notDeepEqual(
      a.map((t) => t.overrides),
      expandSweep(spec({ random: { ...random, seed: 10 } })).map((t) => t.overrides),
    );
  });

  it('keeps each random parameter’s draws when another parameter is added', () => {
    const one = { count: 5, seed: 1, params: { seed: { type: 'int', min: 0, max: 1000 } } };
    const two = { ...one, params: { 'stages.d.batch_size': { type: 'int', min: 1, max: 9 }, ...one.params } };
    const seeds = (r: unknown) => expandSweep(spec({ random: r })).map((t) => t.overrides.seed);
    assert.deepEqual(seeds(two), seeds(one));
  });

  it('multiplies grid, zip and random', () => {
    const trials = expandSweep(
      spec({
        grid: { seed: [1, 2, 3] },
        zip: { 'stages.d.batch_size': [8, 16] },
        random: { count: 2, params: { 'stages.d.optimizer.lr': { type: 'uniform', min: 0.1, max: 0.2 } } },
      }),
    );
    assert.equal(trials.length, 12);
  });

  it('does not change the spec it expands', () => {
    const s = spec({ grid: { 'stages.d.optimizer.lr': [0.5] } });
    const before = structuredClone(s);
    expandSweep(s);
    assert.deepEqual(s, before);
  });

  it('sets list positions and creates missing mappings on the way', () => {
    const [t] = expandSweep(
      spec(
        { grid: { 'layers[1].rate': [0.5], 'runner.workers': [2] } },
        { layers: [{ rate: 0 }, { rate: 0 }] },
      ),
    );
    const s = t.spec as unknown as { layers: { rate: number }[]; runner: { workers: number } };
    assert.deepEqual(s.layers, [{ rate: 0 }, { rate: 0.5 }]);
    assert.deepEqual(s.runner, { workers: 2 });
  });
});
