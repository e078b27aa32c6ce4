import { Command } from 'commander';
import { withTicketClient } from '../ticket-context';
import { formatList } from '../format-ticket';

/** `sopflow list`: tickets by state, tier, flow, SLA status or any visibility query. */
export const listCommand = new Command('list')
  .description('list tickets')
  .option('--state <state>', 'only tickets in this state')
  .option('--tier <tier>', 'only tickets at this tier (L1, L2, L3)')
  .option('--flow <flow>', 'only tickets of this flow')
  .option('--sla <status>', 'only tickets whose SLA is ok, warning, breached, paused or met')
  .option('--assignee <agent>', 'only tickets owned by this agent')
  .option('--open', 'only open tickets')
  .option('--query <visibility query>', "any Temporal visibility query, e.g. \"SopPriority = 'P1'\"")
  .option('--limit <n>', 'at most this many', '100')
  .option('--json', 'print JSON')
  .action(async (options: { state?: string; tier?: string; flow?: string; sla?: string; assignee?: string; open?: boolean; query?: string; limit: string; json?: boolean }) => {
    await withTicketClient(async (tickets) => {
      const { listQuery } = require('../../client/ticket-client') as typeof import('../../client/ticket-client');
      const rows = await tickets.list(listQuery(options), Number(options.limit));
      console.log(options.json ? JSON.stringify(rows, null, 2) : formatList(rows));
    });
  });
