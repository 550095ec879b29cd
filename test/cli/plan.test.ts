import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './cli-io.js';

const example = join('experiments', 'examples', 'grid-3x2.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'trellis-plan-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// The same experiment as the example, keys in another order and values spelt differently.
const reordered = `sweep:
  grid:
    data.source.sequences: [4, 8, 12]
    seed: [1, 2]
data:
  patch_size: 32.0
  source: {seed: 7, patches: 300, sequences: 12, type: synth}
seed: 1234
description: the same spec, written differently
name: grid-3x2-reordered
`;
writeFileSync(join(tmp, 'reordered.yaml'), reordered);

type Plan = { valid: boolean; trials: { id: string; overrides: Record<string, unknown> }[] };
const planJson = async (file: string, extra: string[] = []): Promise<Plan> => {
  const { code, out } = await runCli(['plan', file, '--json', ...extra]);
  assert.equal(code, 0, out);
  return JSON.parse(out) as Plan;
};

describe('trellis plan', () => {
  it('lists the 6 trials of a 3×2 grid, each with its id and overrides', async () => {
    const { code, out } = await runCli(['plan', example]);
    assert.equal(code, 0);
    assert.match(out, /^6 trials$/m);
    assert.match(out, /^ {2}id {10}data\.source\.sequences {2}seed$/m);
    const rows = out.split('\n').filter((l) => /^ {2}[0-9a-f]{10} /.test(l));
    assert.deepEqual(
      rows.map((r) => r.trim().split(/\s+/).slice(1)),
      [
        ['4', '1'],
        ['4', '2'],
        ['8', '1'],
        ['8', '2'],
        ['12', '1'],
        ['12', '2'],
      ],
    );
    assert.equal(new Set(rows.map((r) => r.trim().split(/\s+/)[0])).size, 6);
  });

  it('gives identical trial ids across key orderings and spellings of the same spec', async () => {
    const a = await planJson(example);
    const b = await planJson(join(tmp, 'reordered.yaml'));
    assert.equal(a.trials.length, 6);
    assert.deepEqual(b.trials, a.trials);
  });

  it('gives identical trial ids in a separate process', async () => {
    const inProcess = await planJson(example);
    const script = `const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(['plan', '${example}', '--json']);`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.deepEqual((JSON.parse(out) as Plan).trials, inProcess.trials);
  });

  it('gives the same id whether a value is written, set with --set or swept', async () => {
    const swept = (await planJson(example)).trials.find(
      (t) => t.overrides.seed === 2 && t.overrides['data.source.sequences'] === 8,
    )!;
    const noSweep = reordered.replace(/^sweep:\n( {2}.*\n)+/m, '');
    writeFileSync(join(tmp, 'single.yaml'), noSweep);
    const viaSet = await planJson(join(tmp, 'single.yaml'), [
      '--set',
      'seed=2',
      '--set',
      'data.source.sequences=8',
    ]);
    assert.equal(viaSet.trials.length, 1);
    assert.equal(viaSet.trials[0].id, swept.id);
  });

  it('prints every problem and exits with 2 for an invalid spec, planning nothing', async () => {
    const { code, out, err } = await runCli(['plan', example, '--set', 'seed=-1']);
    assert.equal(code, 2);
    assert.equal(out, '<command line>:--set 1  seed  must be >= 0, found -1\n');
    assert.match(err, /nothing was planned/);
  });

  it('reports --json problems as data', async () => {
    const { code, out } = await runCli(['plan', example, '--json', '--set', 'sede=1']);
    assert.equal(code, 2);
    const report = JSON.parse(out) as {
      valid: boolean;
      issues: { file: string; path: string; hint: string }[];
    };
    assert.equal(report.valid, false);
    assert.deepEqual(
      report.issues.map((i) => [i.file, i.path, i.hint]),
      [['<command line>', 'sede', 'did you mean "seed"?']],
    );
  });

  it('shows the spec as read, so a reader can check what will run', async () => {
    const { out } = await runCli(['plan', example]);
    assert.ok(out.includes(readFileSync(example, 'utf8').match(/^name: .*$/m)![0]));
    assert.match(out, /^ {2}grid: data\.source\.sequences \[4, 8, 12\] × seed \[1, 2\]$/m);
  });
});

describe('trellis plan with a random sweep', () => {
  it('drops random draws that repeat an earlier trial and says so', async () => {
    const spec = `name: few-choices\nsweep:\n  random:\n    count: 12\n    seed: 1\n    params:\n      seed: {type: choice, values: [1, 2]}\n`;
    writeFileSync(join(tmp, 'few-choices.yaml'), spec);
    const plan = await planJson(join(tmp, 'few-choices.yaml'));
    assert.deepEqual(plan.trials.map((t) => t.overrides.seed).sort(), [1, 2]);
    const { out } = await runCli(['plan', join(tmp, 'few-choices.yaml')]);
    assert.match(out, /^\(10 expanded configurations repeated an earlier trial and were dropped\)$/m);
  });
});
