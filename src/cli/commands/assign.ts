import { Command } from 'commander';
import { withTicketClient } from '../ticket-context';
import { formatStatus } from '../format-ticket';

/** `sopflow assign <ticket> <agent>`. */
export const assignCommand = new Command('assign')
  .description('assign a ticket to an agent; the customer is told who their contact is now')
  .argument('<ticket>', 'ticket number')
  .argument('<agent>', 'agent id')
  .option('--reason <text>', 'why, for the customer and the timeline')
  .action(async (number: string, agent: string, options: { reason?: string }) => {
    await withTicketClient(async (tickets) => console.log(formatStatus(await tickets.assign(number, agent, options.reason))));
  });
