import { Command, Option } from 'commander';
import type { ValidateOptions } from '../run-validate';

/** The config file a project keeps next to its `flows/` directory. */
export const DEFAULT_CONFIG_FILE = 'sopflow.config.yaml';

/** Flows live here unless paths are given. */
export const DEFAULT_PATHS = ['flows'];

/** `sopflow validate [paths…] [--format text|json] [--calendars <file>]`. */
export const validateCommand = new Command('validate')
  .description('check flow files (YAML, schema, lint rules) and print every problem as file:line:col')
  .argument('[paths...]', 'flow files or directories', DEFAULT_PATHS)
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
  .option('--calendars <file>', 'calendar file to check calendar names against (default: calendars.yaml beside the flows)')
  .option('--config <file>', `config whose pools must staff every assign: (default: ${DEFAULT_CONFIG_FILE} next to the flows directory, if there is one)`)
  .action((paths: string[], options: ValidateOptions) => {
    const { runValidate } = require('../run-validate') as typeof import('../run-validate');
    const outcome = runValidate(paths, options);
    process.stdout.write(outcome.output);
    process.exitCode = outcome.exitCode;
  });
