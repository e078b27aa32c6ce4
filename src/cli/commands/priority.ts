import { Command } from 'commander';
import { withTicketClient } from '../ticket-context';
import { formatApplied } from '../format-ticket';
import { idempotencyKeyOption, keyOption } from '../key-option';

/** `sopflow priority <ticket> <P>`. */
export const priorityCommand = new Command('priority')
  .description("change a ticket's priority; SLA deadlines are recomputed")
  .argument('<ticket>', 'ticket number')
  .argument('<priority>', 'e.g. P1')
  .option('--actor <who>', 'who changes it, for the timeline', 'cli')
  .addOption(idempotencyKeyOption())
  .action(async (number: string, priority: string, options: { actor: string; idempotencyKey?: string }) => {
    await withTicketClient(async (tickets) => console.log(formatApplied(await tickets.changePriority(number, { priority, actor: options.actor }, keyOption(options)))));
  });
