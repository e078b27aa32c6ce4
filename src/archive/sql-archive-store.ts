import type { ClosedTicketRecord } from '../ticket/closed-ticket-record';
import { packFacts, ticketFacts, unpackFacts } from '../report/ticket-facts';
import type { TicketFacts } from '../report/ticket-facts';
import type { GroupBy } from '../report/kpis';
import type { ReportTallies } from '../report/tallies';
import { migrate } from './migrate';
import { insertReportClocks, insertReportTicket } from './report-columns';
import { reportTallies } from './sql-report';
import { instant, window } from './sql-window';
import type { SqlConnection } from './sql-connection';
import type { ArchivedTicketSummary, ArchiveQuery, ArchiveStore, PutResult, StateStayMinutes, TicketLink } from './types';

/** Why the archive could not be used; names the database and the cause. */
export class ArchiveUnavailableError extends Error {
  constructor(location: string, cause: unknown) {
    super(`the ticket archive at ${location} is not available: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ArchiveUnavailableError';
  }
}

/**
 * The archive over any `SqlConnection`: the SQL is written once for PostgreSQL and PGlite. The
 * connection is opened (and migrated) on first use, not at construction, so a process starts at
 * once and a database that is down only fails the calls made while it is down.
 */
export class SqlArchiveStore implements ArchiveStore {
  private opening: Promise<SqlConnection> | undefined;

  constructor(
    readonly location: string,
    private readonly connect: () => Promise<SqlConnection>,
  ) {}

  async ready(): Promise<void> {
    await this.db();
  }

  async put(record: ClosedTicketRecord): Promise<PutResult> {
    const db = await this.db();
    const facts = packFacts(ticketFacts(record));
    // One statement (atomic without a transaction, one round trip): the record, and its report
    // columns projected from the same facts; clocks a shorter rewrite no longer has are dropped.
    const { rows } = await db.query<{ writes: number; inserted: boolean }>(
      `WITH src AS (SELECT $13::jsonb AS f),
       ticket AS (
         INSERT INTO archived_tickets
           (number, flow_id, flow_version, flow_hash, customer, channel, priority, final_state, subject, opened_at, closed_at, record, facts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb)
         ON CONFLICT (number) DO UPDATE SET
           flow_id = EXCLUDED.flow_id, flow_version = EXCLUDED.flow_version, flow_hash = EXCLUDED.flow_hash,
           customer = EXCLUDED.customer, channel = EXCLUDED.channel, priority = EXCLUDED.priority,
           final_state = EXCLUDED.final_state, subject = EXCLUDED.subject, opened_at = EXCLUDED.opened_at,
           closed_at = EXCLUDED.closed_at, record = EXCLUDED.record, facts = EXCLUDED.facts,
           last_written_at = now(), writes = archived_tickets.writes + 1
         RETURNING writes, (xmax = 0) AS inserted
       ),
       report_ticket AS (${insertReportTicket('src', 'src.f', '$10::timestamptz', '$11::timestamptz')}),
       report_clock AS (${insertReportClocks('src', 'src.f', '$11::timestamptz')}),
       stale_clock AS (DELETE FROM report_clocks WHERE number = $1 AND ord > (SELECT jsonb_array_length(f->21) FROM src))
       SELECT writes, inserted FROM ticket`,
      [
        record.number,
        record.flow.id,
        record.flow.version,
        record.flow.hash,
        record.customer.id,
        record.channel,
        record.priority.final,
        record.finalState,
        record.subject,
        record.openedAt,
        record.closedAt,
        // Links are the archive's own (see `link`), never part of what a ticket writes.
        JSON.stringify({ ...record, linkedFrom: undefined }),
        JSON.stringify(facts),
      ],
    );
    const row = rows[0]!;
    return { inserted: Boolean(row.inserted), writes: Number(row.writes) };
  }

  async link(number: string, from: TicketLink): Promise<{ added: boolean }> {
    const db = await this.db();
    const { rows } = await db.query<{ number: string }>(
      `INSERT INTO archived_ticket_links (number, linked_from, linked_at) VALUES ($1, $2, $3)
       ON CONFLICT (number, linked_from) DO NOTHING RETURNING number`,
      [number, from.number, instant(from.at, 'at')],
    );
    return { added: rows.length === 1 };
  }

  async getTicket(number: string): Promise<ClosedTicketRecord | undefined> {
    const db = await this.db();
    const { rows } = await db.query<{ record: ClosedTicketRecord | string; links: TicketLink[] | string | null }>(
      `SELECT record, (SELECT json_agg(json_build_object('number', l.linked_from, 'at', to_char(l.linked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY l.linked_at, l.linked_from)
         FROM archived_ticket_links l WHERE l.number = a.number) AS links
       FROM archived_tickets a WHERE a.number = $1`,
      [number],
    );
    if (!rows[0]) return undefined;
    const record = json<ClosedTicketRecord>(rows[0].record);
    const links = rows[0].links === null ? [] : json<TicketLink[]>(rows[0].links);
    return links.length ? { ...record, linkedFrom: links } : record;
  }

  async ticketsOfCustomer(customer: string, limit = 50): Promise<ArchivedTicketSummary[]> {
    const db = await this.db();
    const { rows } = await db.query<{ number: string; flow_id: string; subject: string; final_state: string; opened_at: Date | string; closed_at: Date | string }>(
      `SELECT number, flow_id, subject, final_state, opened_at, closed_at FROM archived_tickets
       WHERE customer = $1 ORDER BY closed_at DESC LIMIT $2`,
      [customer, limit],
    );
    return rows.map((row) => ({
      number: row.number,
      flow: row.flow_id,
      subject: row.subject,
      finalState: row.final_state,
      openedAt: new Date(row.opened_at).toISOString(),
      closedAt: new Date(row.closed_at).toISOString(),
    }));
  }

  async facts(query: ArchiveQuery = {}): Promise<TicketFacts[]> {
    const db = await this.db();
    const { where, params } = window('closed_at', query);
    // As text: one JSON.parse per row is faster than the drivers' generic jsonb handling.
    // One JSON text for all rows: a single parse instead of one per ticket (100,000 in a big report).
    // Unordered, so the server streams it instead of sorting 100,000 values; sorted here instead.
    const { rows } = await db.query<{ facts: string | null }>(`SELECT '[' || coalesce(string_agg(facts::text, ','), '') || ']' AS facts FROM archived_tickets ${where}`, params);
    const facts = (JSON.parse(rows[0]?.facts ?? '[]') as unknown[][]).map(unpackFacts);
    return facts.sort((a, b) => a.closedAt - b.closedAt || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
  }

  async reportTallies(query: ArchiveQuery = {}, groupBy?: GroupBy): Promise<ReportTallies> {
    const db = await this.db();
    return reportTallies(db, query, groupBy);
  }

  async stayMinutes(query: ArchiveQuery = {}): Promise<StateStayMinutes[]> {
    const db = await this.db();
    const { where, params } = window('closed_at', query);
    // One JSON text per state, like facts(): a single parse per row whatever the driver.
    const { rows } = await db.query<{ flow: string; state: string; minutes: string }>(
      `SELECT flow_id AS flow, stay->>'state' AS state, json_agg((stay->>'businessMinutes')::float8)::text AS minutes
       FROM archived_tickets CROSS JOIN LATERAL jsonb_array_elements(record->'stays') AS stay
       ${where} GROUP BY flow_id, stay->>'state' ORDER BY flow_id, stay->>'state'`,
      params,
    );
    return rows.map((row) => ({ flow: row.flow, state: row.state, businessMinutes: JSON.parse(row.minutes) as number[] }));
  }

  async countOpened(query: ArchiveQuery = {}): Promise<number> {
    const db = await this.db();
    const { where, params } = window('opened_at', query);
    const { rows } = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM archived_tickets ${where}`, params);
    return Number(rows[0]?.n ?? 0);
  }

  async schemaVersion(): Promise<number> {
    const db = await this.db();
    const { rows } = await db.query<{ version: number | null }>('SELECT max(version) AS version FROM sopflow_migrations');
    return Number(rows[0]?.version ?? 0);
  }

  async count(query: ArchiveQuery = {}): Promise<number> {
    const db = await this.db();
    const { where, params } = window('closed_at', query);
    const { rows } = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM archived_tickets ${where}`, params);
    return Number(rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (opening) await (await opening.catch(() => undefined))?.close();
  }

  /** The open, migrated connection; a failed attempt is forgotten so the next call tries again. */
  private db(): Promise<SqlConnection> {
    if (!this.opening) {
      const attempt = (async () => {
        let connection: SqlConnection | undefined;
        try {
          connection = await this.connect();
          await migrate(connection);
          return connection;
        } catch (error) {
          await connection?.close().catch(() => undefined);
          throw error instanceof ArchiveUnavailableError ? error : new ArchiveUnavailableError(this.location, error);
        }
      })();
      this.opening = attempt;
      attempt.catch(() => {
        if (this.opening === attempt) this.opening = undefined;
      });
    }
    return this.opening;
  }
}

function json<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
