/**
 * The ticket archive: closed tickets kept beyond Temporal's retention, in PostgreSQL (a server
 * via `SOPFLOW_DATABASE_URL`) or embedded PGlite under `.sopflow/`. Read a closed ticket with
 * `getTicket(number)`; reports read `facts(query)` (see `src/report`).
 */
export type { ArchivedTicketSummary, ArchiveQuery, ArchiveStore, PutResult, StateStayMinutes, TicketLink } from './types';
export { DEFAULT_EMBEDDED_ARCHIVE_DIR, embeddedArchive, inMemoryArchive, openArchive, postgresArchive } from './open-archive';
export type { ArchiveOptions } from './open-archive';
export { ArchiveUnavailableError } from './sql-archive-store';
export { ArchiveBusyError } from './embedded-connection';
export { MIGRATIONS } from './migrations';
export type { ClosedTicketRecord } from '../ticket/closed-ticket-record';
