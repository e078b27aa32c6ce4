import type { Client } from '@temporalio/client';
import type { OwnerOffer } from '../assignment/directory-state';
import { agentAbsentSignal, ownerFoundSignal } from '../workflows/ticket-messages';

/** What the directory's activities need. */
export interface DirectoryActivityDeps {
  client: Client;
}

/** Signals many tickets, a few at a time, so a large batch neither floods the server nor waits on one slow call. */
async function signalEach<T>(items: readonly T[], send: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const lanes = Array.from({ length: Math.min(16, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await send(item);
  });
  await Promise.all(lanes);
}

/** Builds the activities of the agent directory. */
export function createDirectoryActivities(deps: DirectoryActivityDeps) {
  const signalTicket = async (ticket: string, send: () => Promise<void>): Promise<void> => {
    try {
      await send();
    } catch (error) {
      // A ticket that closed meanwhile no longer needs telling; anything else is retried.
      if (!(error instanceof Error && /not found|already completed/i.test(error.message))) throw error;
    }
  };
  return {
    /** Tells each open ticket an absent agent holds to find a new owner; returns their numbers. */
    async reassignTicketsOf({ agent, tickets }: { agent: string; tickets: string[] }): Promise<string[]> {
      await signalEach(tickets, (ticket) => signalTicket(ticket, () => deps.client.workflow.getHandle(ticket).signal(agentAbsentSignal, { agent })));
      return tickets;
    },
    /** Tells queued tickets who their owner is now. */
    async offerOwners(offers: OwnerOffer[]): Promise<void> {
      await signalEach(offers, (offer) => signalTicket(offer.ticket, () => deps.client.workflow.getHandle(offer.ticket).signal(ownerFoundSignal, offer)));
    },
  };
}

/** The activity interface the directory workflow proxies. */
export type DirectoryActivities = ReturnType<typeof createDirectoryActivities>;
