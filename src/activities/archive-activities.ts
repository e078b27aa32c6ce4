import { log } from '@temporalio/activity';
import type { ArchiveStore } from '../archive/types';
import type { ClosedTicketRecord } from '../ticket/closed-ticket-record';

/** What the archive activity writes to: any store (PostgreSQL, embedded), or only its `put`. */
export type ArchiveWriter = Pick<ArchiveStore, 'put' | 'location'>;

/** What became of a write: how often this ticket has been written so far (1 the first time). */
export interface ArchiveOutcome {
  archived: boolean;
  writes?: number;
}

/**
 * The archive activity. The store's upsert by ticket number makes it idempotent: a retry after a
 * timeout, or a second run of the same activity, leaves one ticket. A failure (the database is
 * down) is thrown as it is, so Temporal retries it; the workflow's retry policy never gives up.
 */
export function createArchiveActivities(archive: ArchiveWriter | undefined) {
  return {
    /** Writes the record of a closed ticket to the archive. */
    async archiveClosedTicket(record: ClosedTicketRecord): Promise<ArchiveOutcome> {
      if (!archive) {
        // A worker built without an archive (tests of other parts): said once per ticket, never silently.
        log.info('no archive configured; closed ticket not archived', { ticket: record.number });
        return { archived: false };
      }
      const { writes } = await archive.put(record);
      return { archived: true, writes };
    },
  };
}
