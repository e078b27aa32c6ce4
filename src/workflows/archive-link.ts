import { log, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { TicketActivities } from '../activities/ticket-activities';
import { failureMessage } from './failure-message';

/** Marks tickets that write their link to the ticket they follow up into the archive. */
export const ARCHIVE_LINK_PATCH = 'archive-link-on-open';

// Like the archive write on close: retried until the database is back, however long that takes.
const { archiveTicketLink } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * A new ticket linked to an older one (the client's `linkedTo`, kept in the memo: a follow-up of
 * a closed ticket, a stranger naming a number) writes that link into the older ticket's archive
 * entry. Started when the ticket opens and never awaited by its steps, so a database that is
 * down delays nothing; the caller awaits the returned promise only before the run ends
 * (continue-as-new or close), so the write is never dropped. The promise never rejects.
 * Tickets without a link, and histories from before this existed, schedule nothing.
 */
export function archiveLinkOnOpen(number: string, openedAt: number): Promise<void> {
  const linkedTo = workflowInfo().memo?.['linkedTo'];
  if (typeof linkedTo !== 'string' || linkedTo === '' || linkedTo === number) return Promise.resolve();
  if (!patched(ARCHIVE_LINK_PATCH)) return Promise.resolve();
  return archiveTicketLink({ number: linkedTo, linkedFrom: number, at: new Date(openedAt).toISOString() }).then(
    () => undefined,
    (error: unknown) => log.warn('ticket link not archived', { ticket: number, linkedTo, error: failureMessage(error) }),
  );
}
