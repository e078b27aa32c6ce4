import { BACKFILL_REPORT_ROWS, REPORT_TABLES } from './report-columns';

/**
 * The archive's schema, as numbered migrations. Each runs once, in order, inside the transaction
 * that records it in `sopflow_migrations`; an advisory lock keeps two processes starting at the
 * same moment from applying one twice. Never edit a migration that shipped: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  /** One statement each: PGlite's extended protocol takes a single statement per query. */
  statements: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'archived tickets',
    statements: [
      `CREATE TABLE archived_tickets (
        number text PRIMARY KEY,
        flow_id text NOT NULL,
        flow_version integer NOT NULL,
        flow_hash text NOT NULL,
        customer text NOT NULL,
        channel text NOT NULL,
        priority text NOT NULL,
        final_state text NOT NULL,
        subject text NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz NOT NULL,
        record jsonb NOT NULL,
        facts jsonb NOT NULL,
        first_written_at timestamptz NOT NULL DEFAULT now(),
        last_written_at timestamptz NOT NULL DEFAULT now(),
        writes integer NOT NULL DEFAULT 1
      )`,
      'CREATE INDEX archived_tickets_closed_at ON archived_tickets (closed_at)',
      'CREATE INDEX archived_tickets_opened_at ON archived_tickets (opened_at)',
      'CREATE INDEX archived_tickets_flow_closed_at ON archived_tickets (flow_id, closed_at)',
      'CREATE INDEX archived_tickets_customer ON archived_tickets (customer, closed_at DESC)',
    ],
  },
  {
    // Reports aggregate in SQL over these columns; tickets archived before are projected here.
    version: 2,
    name: 'report columns',
    statements: [...REPORT_TABLES, ...BACKFILL_REPORT_ROWS],
  },
  {
    // A closed ticket linked from a new one (a follow-up): kept apart from the record, so a
    // rewrite of the record never drops a link, and a link may arrive before its record.
    version: 3,
    name: 'ticket links',
    statements: [
      `CREATE TABLE archived_ticket_links (
        number text NOT NULL,
        linked_from text NOT NULL,
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (number, linked_from)
      )`,
    ],
  },
];

/** Key of the advisory lock held while migrating ('sopf' as a 32-bit number). */
export const MIGRATION_LOCK_KEY = 0x736f7066;
