import type { Command } from 'commander';
import { bundleSchemas } from '../../spec/bundle-schema.js';
import { loadSchemas } from '../../spec/load-schemas.js';
import { EXIT_OK } from '../cli-io.js';
import type { CliCommand } from './cli-command.js';

export const schemaCommand: CliCommand = {
  name: 'schema',
  register: (program: Command, ctx) => {
    program
      .command('schema')
      .summary('print the bundled JSON Schema of experiment specs')
      .description(
        'Print the JSON Schema (draft 2020-12) of experiment specs as one document, every schema file inlined,\n' +
          'for editors and other tools (e.g. `trellis schema > trellis.schema.json`).',
      )
      .action(() => {
        ctx.io.out(`${JSON.stringify(bundleSchemas(loadSchemas()), null, 2)}\n`);
        ctx.setExitCode(EXIT_OK);
      });
  },
};
