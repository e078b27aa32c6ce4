import { Command } from 'commander';
import { withTicketClient } from '../ticket-context';
import { formatTimeline } from '../format-ticket';

/** `sopflow timeline <ticket>`. */
export const timelineCommand = new Command('timeline')
  .description("print a ticket's whole history: transitions, assignments, SLA events")
  .argument('<ticket>', 'ticket number')
  .option('--json', 'print JSON')
  .action(async (number: string, options: { json?: boolean }) => {
    await withTicketClient(async (tickets) => {
      const timeline = await tickets.timeline(number);
      console.log(options.json ? JSON.stringify(timeline, null, 2) : formatTimeline(timeline));
    });
  });
