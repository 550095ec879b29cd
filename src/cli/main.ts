import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { schemasDir } from '../spec/load-schemas.js';
import { EXIT_FAILURE, processIo } from './cli-io.js';
import type { CliIo } from './cli-io.js';
import { COMMANDS } from './commands/index.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(dirname(schemasDir()), 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The `trellis` program with every command registered; `exitCode` receives each action's result. */
export function createProgram(io: CliIo, onExit: (code: number) => void): Command {
  const program = new Command('trellis')
    .description('Declarative experiment orchestrator for deep learning on TensorFlow.js')
    .version(packageVersion(), '-V, --version', 'print the trellis version')
    .helpOption('-h, --help', 'show help for a command')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)');
  for (const command of COMMANDS) command.register(program, { io, setExitCode: onExit });
  return program;
}

/** Runs `trellis` with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  if (argv.length === 0) {
    io.err(program.helpInformation());
    return EXIT_FAILURE;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    io.err(`trellis: ${(err as Error).message}\n`);
    return EXIT_FAILURE;
  }
  return exitCode;
}
