import type { ClosedTicketRecord } from '../ticket/closed-ticket-record';
import type { GroupBy } from '../report/kpis';
import type { ReportTallies } from '../report/tallies';
import type { TicketFacts } from '../report/ticket-facts';

/** Which archived tickets a read covers: closed in `[from, to)`, optionally of one flow. */
export interface ArchiveQuery {
  /** ISO instant or Date; unset: since the beginning. */
  from?: string | Date;
  /** ISO instant or Date, exclusive; unset: until now. */
  to?: string | Date;
  flow?: string;
}

/** What `put` did: the first write of a ticket inserts, a later one replaces the same row. */
export interface PutResult {
  inserted: boolean;
  /** How many times this ticket's record has been written (retries and replays included). */
  writes: number;
}

/**
 * The ticket archive. Every implementation speaks the same SQL (PostgreSQL, or PGlite embedded),
 * keeps one row per ticket number and applies its numbered migrations before the first use.
 */
export interface ArchiveStore {
  /** Where the data lives, for messages (a URL without its password, or a directory). */
  readonly location: string;
  /** Opens the database and applies migrations; safe to call again, and again after a failure. */
  ready(): Promise<void>;
  /** Writes a closed ticket's record: an upsert keyed by ticket number, so writing it twice keeps one ticket. */
  put(record: ClosedTicketRecord): Promise<PutResult>;
  /**
   * Notes that ticket `number` was linked from a newer ticket: kept once per pair (a retry or a
   * replay adds nothing), whether or not the record of `number` is archived yet.
   */
  link(number: string, from: TicketLink): Promise<{ added: boolean }>;
  /** A closed ticket with its whole timeline (and the tickets linked from it since), or undefined when it is not archived. */
  getTicket(number: string): Promise<ClosedTicketRecord | undefined>;
  /** Archived tickets of a customer, newest first (numbers and summaries, for the portal). */
  ticketsOfCustomer(customer: string, limit?: number): Promise<ArchivedTicketSummary[]>;
  /** The compact facts reports are computed from, for tickets closed in the window, in closing order. */
  facts(query?: ArchiveQuery): Promise<TicketFacts[]>;
  /**
   * Every KPI's counts and percentiles over the tickets closed in the window, computed by the
   * database (the same figures `computeReport` gives over `facts(query)`), grouped if asked.
   */
  reportTallies(query?: ArchiveQuery, groupBy?: GroupBy): Promise<ReportTallies>;
  /**
   * Business minutes of every stay in a state, per flow and state, over the tickets closed in the
   * window: what "time in step" is computed from (the facts keep no stays).
   */
  stayMinutes(query?: ArchiveQuery): Promise<StateStayMinutes[]>;
  /** How many tickets were opened in the window (by their opening instant) among the archived ones. */
  countOpened(query?: ArchiveQuery): Promise<number>;
  /** The newest migration applied to the database. */
  schemaVersion(): Promise<number>;
  /** How many archived tickets match (by closing instant). */
  count(query?: ArchiveQuery): Promise<number>;
  close(): Promise<void>;
}

/** A newer ticket that links to an archived one. */
export interface TicketLink {
  number: string;
  /** ISO instant the newer ticket was opened. */
  at: string;
}

/** One line of a list of archived tickets. */
export interface ArchivedTicketSummary {
  number: string;
  flow: string;
  subject: string;
  finalState: string;
  openedAt: string;
  closedAt: string;
}

/** The stays of archived tickets in one state of one flow. */
export interface StateStayMinutes {
  flow: string;
  state: string;
  /** Business minutes of each stay, one value per visit, unordered. */
  businessMinutes: number[];
}
