import { TicketClient } from '../client/ticket-client';
import { loadFlowCatalog } from '../runtime/flow-catalog';
import { connectClient } from '../runtime/temporal-connection';

/** Runs `work` with a connected ticket client and closes the connection afterwards. */
export async function withTicketClient<T>(work: (tickets: TicketClient) => Promise<T>): Promise<T> {
  const catalog = loadFlowCatalog();
  const client = await connectClient();
  try {
    return await work(new TicketClient(client, catalog));
  } finally {
    await client.connection.close();
  }
}
