import type { TicketClient } from '../client/ticket-client';

/**
 * Runs `work` with a connected ticket client and closes the connection afterwards. The client
 * and the Temporal SDK are loaded here, on first use, so commands that never talk to Temporal
 * (`validate`, `graph`, `--help`) start without them.
 */
export async function withTicketClient<T>(work: (tickets: TicketClient) => Promise<T>): Promise<T> {
  const { TicketClient } = require('../client/ticket-client') as typeof import('../client/ticket-client');
  const { loadFlowCatalog } = require('../runtime/flow-catalog') as typeof import('../runtime/flow-catalog');
  const { connectClient } = require('../runtime/temporal-connection') as typeof import('../runtime/temporal-connection');
  const catalog = loadFlowCatalog();
  const client = await connectClient();
  try {
    return await work(new TicketClient(client, catalog));
  } finally {
    await client.connection.close();
  }
}
