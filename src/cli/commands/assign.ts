import { Command } from 'commander';
import { withTicketClient } from '../ticket-context';
import { formatApplied } from '../format-ticket';
import { idempotencyKeyOption, keyOption } from '../key-option';

/** `sopflow assign <ticket> <agent>`. */
export const assignCommand = new Command('assign')
  .description('assign a ticket to an agent; the customer is told who their contact is now')
  .argument('<ticket>', 'ticket number')
  .argument('<agent>', 'agent id')
  .option('--reason <text>', 'why, for the customer and the timeline')
  .option('--actor <who>', 'who assigns it, for the timeline', 'cli')
  .addOption(idempotencyKeyOption())
  .action(async (number: string, agent: string, options: { reason?: string; actor: string; idempotencyKey?: string }) => {
    const assignment = { agent, actor: options.actor, ...(options.reason ? { reason: options.reason } : {}) };
    await withTicketClient(async (tickets) => console.log(formatApplied(await tickets.assign(number, assignment, keyOption(options)))));
  });
