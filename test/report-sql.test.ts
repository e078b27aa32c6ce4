import { expect } from 'chai';
import type { ArchiveStore } from '../src/archive';
import { MIGRATIONS } from '../src/archive/migrations';
import { migrate } from '../src/archive/migrate';
import { connectEmbeddedInMemory } from '../src/archive/embedded-connection';
import { connectPostgres } from '../src/archive/postgres-connection';
import type { SqlConnection } from '../src/archive/sql-connection';
import { SqlArchiveStore } from '../src/archive/sql-archive-store';
import { GROUP_BY, runReport } from '../src/report';
import type { GroupBy, ReportQuery } from '../src/report';
import { packFacts, ticketFacts } from '../src/report/ticket-facts';
import { startPostgresServer } from '../src/servers';
import type { PostgresServerHandle } from '../src/servers';
import type { ClosedTicketRecord } from '../src/ticket/closed-ticket-record';
import { generatedRecords } from './helpers/generated-records';

/*
 * The report computed in SQL (`reportTallies`) against the same report computed by the formulas
 * in memory over the facts the archive hands out (`facts`): equal to the last figure, on
 * generated tickets, on both stores. Part of the tickets is archived before the report columns
 * existed (schema version 1) and back-filled by migration 2; the rest arrives through `put`,
 * some written again with fewer clocks.
 */
const BEFORE_MIGRATION = 300;
const THROUGH_PUT = 500;

interface Target {
  name: string;
  connect(): Promise<SqlConnection>;
  setUp?(): Promise<void>;
  tearDown?(): Promise<void>;
}

let server: PostgresServerHandle | undefined;
const targets: Target[] = [
  { name: 'embedded PGlite', connect: connectEmbeddedInMemory },
  {
    name: 'PostgreSQL 15 server',
    async setUp() {
      server = await startPostgresServer();
    },
    connect: () => connectPostgres(server!.url),
    async tearDown() {
      await server?.destroy();
    },
  },
];

for (const target of targets) {
  describe(`report in SQL equals the formulas in memory: ${target.name}`, function () {
    this.timeout(180_000);
    let store: ArchiveStore;
    const records = generatedRecords(BEFORE_MIGRATION + THROUGH_PUT, 7);

    before(async () => {
      await target.setUp?.();
      const connection = await target.connect();
      await migrate(connection, MIGRATIONS.filter((migration) => migration.version === 1));
      await insertAtVersion1(connection, records.slice(0, BEFORE_MIGRATION));
      // The store migrates the connection it is handed: migration 2 back-fills the rows above.
      store = new SqlArchiveStore(target.name, () => Promise.resolve(connection));
      await store.ready();
      const later = records.slice(BEFORE_MIGRATION);
      for (const record of later) await store.put(record);
      // Written again: every fifth with its last clock gone, so the stale clock row must go too.
      for (const record of later.filter((_, index) => index % 5 === 0)) await store.put({ ...record, clocks: record.clocks.slice(0, -1) });
    });
    after(async () => {
      await store?.close();
      await target.tearDown?.();
    });

    it('the back-fill and the upsert left one report row per archived ticket and one clock row per clock', async () => {
      expect(await store.schemaVersion()).to.equal(MIGRATIONS.length);
      expect(await store.count()).to.equal(records.length);
      const facts = await store.facts();
      const sql = await store.reportTallies();
      expect(sql.total.closed).to.equal(records.length);
      expect(sql.sla.reduce((sum, row) => sum + row.met + row.breached, 0)).to.equal(facts.reduce((sum, ticket) => sum + ticket.clocks.length, 0));
    });

    const year = { from: '2026-01-01T00:00:00.000Z', to: '2027-03-01T00:00:00.000Z' };
    const cases: Array<[string, ReportQuery]> = [
      ['the whole year', year],
      ['one month', { from: '2026-05-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' }],
      ['one flow', { ...year, flow: 'it-desk-incident' }],
      ['an empty window', { from: '2030-01-01T00:00:00.000Z', to: '2030-02-01T00:00:00.000Z' }],
      ...GROUP_BY.map((groupBy: GroupBy): [string, ReportQuery] => [`grouped by ${groupBy}`, { ...year, groupBy }]),
      ['one flow grouped by week', { ...year, flow: 'password-reset', groupBy: 'week' }],
    ];
    for (const [name, query] of cases) {
      it(`${name}: every figure the same`, async () => {
        const inSql = await runReport(store, query);
        const inMemory = await runReport({ facts: (window) => store.facts(window), countOpened: (window) => store.countOpened(window) }, query);
        expect(inSql).to.deep.equal(inMemory);
        if (name !== 'an empty window') expect(inSql.tickets.closed).to.be.greaterThan(0);
      });
    }

    it('the figures are not trivial: breaches, fractional overruns, several versions and agents the collation deems equal', async () => {
      const report = await runReport(store, { ...year, groupBy: 'agent' });
      expect(report.hotSpots.length).to.be.greaterThan(0);
      expect(report.hotSpots.some((spot) => spot.avgOverrunMin !== null && !Number.isInteger(spot.avgOverrunMin))).to.equal(true);
      expect(report.versions.length).to.be.greaterThan(3);
      expect(report.groups.map((group) => group.key)).to.include.members(['agent-1', 'agent-01', '(nobody)']);
    });
  });
}

/** Rows as schema version 1 wrote them (no report columns): what an archive from before migration 2 holds. */
async function insertAtVersion1(connection: SqlConnection, records: ClosedTicketRecord[]): Promise<void> {
  for (const record of records) {
    await connection.query(
      `INSERT INTO archived_tickets (number, flow_id, flow_version, flow_hash, customer, channel, priority, final_state, subject, opened_at, closed_at, record, facts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb)`,
      [record.number, record.flow.id, record.flow.version, record.flow.hash, record.customer.id, record.channel, record.priority.final, record.finalState, record.subject, record.openedAt, record.closedAt, JSON.stringify(record), JSON.stringify(packFacts(ticketFacts(record)))],
    );
  }
}
