import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { createProgram } from '../../src/cli/main.js';
import { runCli } from './cli-io.js';

describe('trellis main', () => {
  it('prints the package version for --version', async () => {
    const { code, out } = await runCli(['--version']);
    assert.equal(code, 0);
    assert.equal(
      out.trim(),
      (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version,
    );
  });

  it('lists every command in --help', async () => {
    const { code, out } = await runCli(['--help']);
    assert.equal(code, 0);
    for (const c of COMMANDS) assert.match(out, new RegExp(`^  ${c.name}\\b`, 'm'));
  });

  for (const c of COMMANDS) {
    it(`prints help for "${c.name} --help" and exits with 0`, async () => {
      const { code, out } = await runCli([c.name, '--help']);
      assert.equal(code, 0);
      assert.match(out, new RegExp(`^Usage: trellis ${c.name}`, 'm'));
    });
  }

  it('exits non-zero with a message for an unknown command', async () => {
    const { code, err } = await runCli(['vaildate']);
    assert.equal(code, 1);
    assert.match(err, /unknown command 'vaildate'/);
    assert.match(err, /Did you mean validate\?/);
  });

  it('prints help and exits non-zero without a command', async () => {
    const { code, err } = await runCli([]);
    assert.equal(code, 1);
    assert.match(err, /^Usage: trellis/m);
  });
});

describe('command registry', () => {
  it('is sorted by name, without duplicates', () => {
    const names = COMMANDS.map((c) => c.name);
    assert.deepEqual(names, [...new Set(names)].sort());
  });

  it('registers each command under its own name', () => {
    const program = createProgram({ out: () => {}, err: () => {}, cwd: process.cwd() }, () => {});
    assert.deepEqual(
      program.commands.map((c) => c.name()),
      COMMANDS.map((c) => c.name),
    );
  });
});

describe('trellis validate', () => {
  it('accepts a valid spec with exit code 0 and prints nothing on stdout', async () => {
    const { code, out, err } = await runCli(['validate', 'experiments/examples/grid-3x2.yaml']);
    assert.equal(code, 0);
    assert.equal(out, '');
    assert.equal(err, 'experiments/examples/grid-3x2.yaml: valid (6 trials)\n');
  });

  it('reports every file with --json', async () => {
    const { code, out } = await runCli([
      'validate',
      '--json',
      'experiments/examples/grid-3x2.yaml',
      'test/fixtures/bad-specs/wrong-type.yaml',
    ]);
    assert.equal(code, 2);
    const reports = JSON.parse(out) as {
      file: string;
      valid: boolean;
      trials: number;
      issues: { line: number; message: string }[];
    }[];
    assert.deepEqual(
      reports.map((r) => [r.file, r.valid, r.trials, r.issues.map((i) => `${i.line} ${i.message}`)]),
      [
        ['experiments/examples/grid-3x2.yaml', true, 6, []],
        ['test/fixtures/bad-specs/wrong-type.yaml', false, 0, ['2 expected an integer, found "many"']],
      ],
    );
  });

  it('reports a missing file', async () => {
    const { code, out } = await runCli(['validate', 'no/such/spec.yaml']);
    assert.equal(code, 2);
    assert.equal(out, 'no/such/spec.yaml  (root)  no such file\n');
  });
});

describe('trellis schema', () => {
  it('prints one self-contained schema that validates specs like the schema files do', async () => {
    const { code, out } = await runCli(['schema']);
    assert.equal(code, 0);
    const bundle = JSON.parse(out) as Record<string, unknown>;
    assert.doesNotMatch(out, /"\$ref": "[^#]/, 'every $ref is local');
    const ajv = new Ajv2020({ strict: true, strictRequired: false, discriminator: true, allErrors: true });
    const validate = ajv.compile(bundle);
    assert.equal(
      validate(parse(readFileSync('experiments/examples/grid-3x2.yaml', 'utf8'))),
      true,
      JSON.stringify(validate.errors),
    );
    assert.equal(validate({ name: 'x', sede: 1 }), false);
  });
});
