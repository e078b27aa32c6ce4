import { Command } from 'commander';
import { withTicketClient } from '../ticket-context';
import { formatStatus } from '../format-ticket';

/** `sopflow priority <ticket> <P>`. */
export const priorityCommand = new Command('priority')
  .description("change a ticket's priority; SLA deadlines are recomputed")
  .argument('<ticket>', 'ticket number')
  .argument('<priority>', 'e.g. P1')
  .action(async (number: string, priority: string) => {
    await withTicketClient(async (tickets) => console.log(formatStatus(await tickets.changePriority(number, priority))));
  });
