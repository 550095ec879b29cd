import { cacheCommand } from './cache.js';
import type { CliCommand } from './cli-command.js';
import { dataCommand } from './data.js';
import { planCommand } from './plan.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { schemaCommand } from './schema.js';
import { statusCommand } from './status.js';
import { syncCommand } from './sync.js';
import { trialCommand } from './trial.js';
import { validateCommand } from './validate.js';

export type { CliCommand, CommandContext } from './cli-command.js';

/** Every `trellis` command, sorted by name. Add a command with a file in this folder and one line here. */
export const COMMANDS: readonly CliCommand[] = [
  cacheCommand,
  dataCommand,
  planCommand,
  reportCommand,
  runCommand,
  schemaCommand,
  statusCommand,
  syncCommand,
  trialCommand,
  validateCommand,
];
