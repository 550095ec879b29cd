import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';

export interface CommandContext {
  readonly io: CliIo;
  /** The command's action reports its exit code here; main returns it. */
  readonly setExitCode: (code: number) => void;
}

/** One `trellis <name>` command: a file in src/cli/commands/ and one line in index.ts. */
export interface CliCommand {
  readonly name: string;
  /** Adds the command, its arguments, options and help to `program`. */
  readonly register: (program: Command, ctx: CommandContext) => void;
}
