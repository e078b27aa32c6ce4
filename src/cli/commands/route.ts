import { Command, Option } from 'commander';
import { INTAKE_CHANNELS } from '../../intake/rules/intake-channels';
import type { RouteOptions } from '../run-route';

/** `sopflow route --channel email --from … --subject … --text …`. */
export const routeCommand = new Command('route')
  .description('show which routing rule and flow a message would get (flows/intake.yaml), without starting anything')
  .addOption(new Option('--channel <channel>', 'arrival channel').choices([...INTAKE_CHANNELS]).default('email'))
  .option('--from <address>', 'sender address')
  .option('--to <address>', 'intake address it was sent to (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
  .option('--subject <text>', 'subject', '')
  .option('--text <text>', 'message text', '')
  .option('--language <lang>', 'language of the message: de, en, pl')
  .option('--flows <dir>', 'flows directory (default: ./flows or SOPFLOW_FLOWS)')
  .option('--json', 'print JSON')
  .action((raw: RouteOptions) => {
    const { runRoute } = require('../run-route') as typeof import('../run-route');
    process.stdout.write(runRoute(raw).output);
  });
