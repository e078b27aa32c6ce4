import type { TicketClient } from '../client/ticket-client';
import type { FlowCatalog } from '../runtime/flow-catalog';

/**
 * Runs `work` with a connected ticket client and closes the connection afterwards. The client
 * and the Temporal SDK are loaded here, on first use, so commands that never talk to Temporal
 * (`validate`, `graph`, `--help`) start without them.
 */
export async function withTicketClient<T>(work: (tickets: TicketClient) => Promise<T>): Promise<T> {
  const { TicketClient } = require('../client/ticket-client') as typeof import('../client/ticket-client');
  const { connectClient } = require('../runtime/temporal-connection') as typeof import('../runtime/temporal-connection');
  const client = await connectClient();
  try {
    return await work(new TicketClient(client, lazyCatalog()));
  } finally {
    await client.connection.close();
  }
}

/**
 * The flows and calendars, read when a command first asks for one: `status`, `timeline` and
 * `list` never do, and start without the flow loader.
 */
function lazyCatalog(): FlowCatalog {
  let loaded: FlowCatalog | undefined;
  const catalog = (): FlowCatalog => (loaded ??= (require('../runtime/flow-catalog') as typeof import('../runtime/flow-catalog')).loadFlowCatalog());
  return { flow: (id) => catalog().flow(id), calendar: (name) => catalog().calendar(name), flows: () => catalog().flows() };
}
