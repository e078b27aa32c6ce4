import { log } from '@temporalio/activity';
import type { ArchiveStore } from '../archive/types';
import type { ClosedTicketRecord } from '../ticket/closed-ticket-record';

/** What the archive activity writes to: any store (PostgreSQL, embedded), or only its `put`. */
export type ArchiveWriter = Pick<ArchiveStore, 'put' | 'location'> & Partial<Pick<ArchiveStore, 'link'>>;

/** What became of a write: how often this ticket has been written so far (1 the first time). */
export interface ArchiveOutcome {
  archived: boolean;
  writes?: number;
}

/** A new ticket (`linkedFrom`, opened `at`) links to ticket `number`. */
export interface ArchiveLinkRequest {
  number: string;
  linkedFrom: string;
  at: string;
}

/**
 * The archive activities. The store's upsert by ticket number makes it idempotent: a retry after a
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

    /**
     * Notes on an archived ticket that a new ticket links to it (a follow-up). Idempotent by the
     * pair of numbers, so a retry or a second run adds nothing; the old ticket need not be
     * archived yet (its record may still be on its way, or it may still be open).
     */
    async archiveTicketLink(link: ArchiveLinkRequest): Promise<{ linked: boolean; added?: boolean }> {
      if (!archive?.link) {
        log.info('no archive configured; ticket link not archived', { ticket: link.number, from: link.linkedFrom });
        return { linked: false };
      }
      const { added } = await archive.link(link.number, { number: link.linkedFrom, at: link.at });
      return { linked: true, added };
    },
  };
}
