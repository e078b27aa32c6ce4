/*
 * The report facts of a ticket as columns: `report_tickets` (one row per ticket) and
 * `report_clocks` (one row per SLA clock with a target), so reports aggregate in SQL instead of
 * reading every ticket's facts. Both are projected in SQL from the packed facts (see
 * `packFacts` in src/report/ticket-facts.ts: a JSON array by position), by the same expressions
 * when a record is written and when migration 2 back-fills the rows archived before it: one
 * mapping, so a column always says what the facts the in-memory formulas read say.
 *
 * Changing a position of the packed facts (its version) means a new migration that projects
 * every row again.
 */

/** The columns of `report_tickets`, each an expression over the packed facts `f`. */
const TICKET_COLUMNS: ReadonlyArray<readonly [column: string, expression: (f: string) => string]> = [
  ['number', (f) => `${f}->>1`],
  ['flow_id', (f) => `${f}->>2`],
  ['flow_version', (f) => `(${f}->>3)::integer`],
  ['priority', (f) => `${f}->>4`],
  ['agent', (f) => `${f}->>6`],
  ['tier', (f) => `${f}->>7`],
  ['state', (f) => `${f}->>8`],
  ['week', (f) => `${f}->>12`],
  ['resolve_business', (f) => `(${f}->>13)::float8`],
  ['resolve_calendar', (f) => `(${f}->>14)::float8`],
  // The flag bits, in the order of ticket-facts.ts's FLAGS.
  ['same_day', (f) => `((${f}->>15)::integer & 1) <> 0`],
  ['solved_at_l1', (f) => `((${f}->>15)::integer & 2) <> 0`],
  ['worked_l1', (f) => `((${f}->>15)::integer & 4) <> 0`],
  ['worked_l2', (f) => `((${f}->>15)::integer & 8) <> 0`],
  ['escalated_l1_l2', (f) => `((${f}->>15)::integer & 16) <> 0`],
  ['escalated_l2_l3', (f) => `((${f}->>15)::integer & 32) <> 0`],
  ['customer_messages', (f) => `(${f}->>16)::integer`],
  ['l1_business', (f) => `(${f}->17->>0)::float8`],
  ['l2_business', (f) => `(${f}->17->>1)::float8`],
  ['l3_business', (f) => `(${f}->17->>2)::float8`],
  ['l1_calendar', (f) => `(${f}->18->>0)::float8`],
  ['l2_calendar', (f) => `(${f}->18->>1)::float8`],
  ['l3_calendar', (f) => `(${f}->18->>2)::float8`],
  ['handover_business', (f) => `(${f}->19->>0)::float8`],
  ['handover_calendar', (f) => `(${f}->19->>1)::float8`],
  ['reassigned_escalation', (f) => `(${f}->20->>0)::integer`],
  ['reassigned_absence', (f) => `(${f}->20->>1)::integer`],
  ['reassigned_by_hand', (f) => `(${f}->20->>2)::integer`],
  ['reassigned_handover', (f) => `(${f}->20->>3)::integer`],
  ['clocks', (f) => `jsonb_array_length(${f}->21)`],
  ['clocks_met', (f) => `(SELECT count(*) FROM jsonb_array_elements(${f}->21) AS c(v) WHERE (c.v->>1)::integer = 1)::integer`],
  ['untimed', (f) => `ARRAY(SELECT jsonb_array_elements_text(${f}->22))`],
];

/** The statements that create both tables and their indexes. */
export const REPORT_TABLES: readonly string[] = [
  `CREATE TABLE report_tickets (
    number text PRIMARY KEY,
    flow_id text NOT NULL,
    flow_version integer NOT NULL,
    priority text NOT NULL,
    agent text,
    tier text,
    state text,
    week text NOT NULL,
    opened_at timestamptz NOT NULL,
    closed_at timestamptz NOT NULL,
    resolve_business float8 NOT NULL,
    resolve_calendar float8 NOT NULL,
    same_day boolean NOT NULL,
    solved_at_l1 boolean NOT NULL,
    worked_l1 boolean NOT NULL,
    worked_l2 boolean NOT NULL,
    escalated_l1_l2 boolean NOT NULL,
    escalated_l2_l3 boolean NOT NULL,
    customer_messages integer NOT NULL,
    l1_business float8, l2_business float8, l3_business float8,
    l1_calendar float8, l2_calendar float8, l3_calendar float8,
    handover_business float8, handover_calendar float8,
    reassigned_escalation integer NOT NULL,
    reassigned_absence integer NOT NULL,
    reassigned_by_hand integer NOT NULL,
    reassigned_handover integer NOT NULL,
    clocks integer NOT NULL,
    clocks_met integer NOT NULL,
    untimed text[] NOT NULL
  )`,
  'CREATE INDEX report_tickets_closed_at ON report_tickets (closed_at)',
  'CREATE INDEX report_tickets_flow_closed_at ON report_tickets (flow_id, closed_at)',
  `CREATE TABLE report_clocks (
    number text NOT NULL,
    ord integer NOT NULL,
    flow_id text NOT NULL,
    closed_at timestamptz NOT NULL,
    clock text NOT NULL,
    state text,
    met boolean NOT NULL,
    overrun float8 NOT NULL,
    PRIMARY KEY (number, ord)
  )`,
  'CREATE INDEX report_clocks_closed_at ON report_clocks (closed_at)',
];

/**
 * `INSERT INTO report_tickets` of the rows `FROM` yields: `f` the packed facts, `opened` and
 * `closed` the ticket's instants (the archive's own columns, so a report window selects exactly
 * the tickets `facts()` reads). Replaces an existing row.
 */
export function insertReportTicket(from: string, f: string, opened: string, closed: string): string {
  const columns = [...TICKET_COLUMNS.map(([column]) => column), 'opened_at', 'closed_at'];
  const values = [...TICKET_COLUMNS.map(([, expression]) => expression(f)), opened, closed];
  return `INSERT INTO report_tickets (${columns.join(', ')})
    SELECT ${values.join(', ')} FROM ${from}
    ON CONFLICT (number) DO UPDATE SET ${columns.filter((column) => column !== 'number').map((column) => `${column} = EXCLUDED.${column}`).join(', ')}`;
}

/** `INSERT INTO report_clocks` of every clock of the packed facts `f`, numbered from 1 in the record's order. Replaces existing rows. */
export function insertReportClocks(from: string, f: string, closed: string): string {
  return `INSERT INTO report_clocks (number, ord, flow_id, closed_at, clock, state, met, overrun)
    SELECT ${f}->>1, c.ord, ${f}->>2, ${closed}, c.v->>0,
      CASE WHEN c.v->>0 LIKE 'due:%' THEN substr(c.v->>0, 5) END,
      (c.v->>1)::integer = 1, (c.v->>2)::float8
    FROM ${from}, jsonb_array_elements(${f}->21) WITH ORDINALITY AS c(v, ord)
    ON CONFLICT (number, ord) DO UPDATE SET flow_id = EXCLUDED.flow_id, closed_at = EXCLUDED.closed_at, clock = EXCLUDED.clock,
      state = EXCLUDED.state, met = EXCLUDED.met, overrun = EXCLUDED.overrun`;
}

/** The back-fill of migration 2: every ticket archived before the report tables existed. */
export const BACKFILL_REPORT_ROWS: readonly string[] = [
  insertReportTicket('archived_tickets a', 'a.facts', 'a.opened_at', 'a.closed_at'),
  insertReportClocks('archived_tickets a', 'a.facts', 'a.closed_at'),
];
