import { Command } from 'commander';
import { withTicketClient } from '../ticket-context';
import { formatStatus } from '../format-ticket';

/** `sopflow status <ticket>`. */
export const statusCommand = new Command('status')
  .description("show a ticket's state, tier, assignee, SLA clocks and next events")
  .argument('<ticket>', 'ticket number')
  .option('--json', 'print JSON')
  .action(async (number: string, options: { json?: boolean }) => {
    await withTicketClient(async (tickets) => {
      const status = await tickets.status(number);
      console.log(options.json ? JSON.stringify(status, null, 2) : formatStatus(status));
    });
  });
