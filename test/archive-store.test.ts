import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ArchiveBusyError, ArchiveUnavailableError, embeddedArchive, openArchive, postgresArchive } from '../src/archive';
import type { ArchiveStore } from '../src/archive';
import { MIGRATIONS } from '../src/archive/migrations';
import { freePort, startPostgresServer } from '../src/servers';
import type { PostgresServerHandle } from '../src/servers';
import { simpleRecord } from './helpers/archive-records';

/**
 * One suite, run against every store: the embedded PGlite archive in a directory and a real
 * PostgreSQL 15 server started by the project's own script. Both must behave the same.
 */
interface StoreTarget {
  name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  /** A new store on the same database (a restarted process). */
  open(): ArchiveStore;
  /** Migrations recorded in the database. */
  migrations(store: ArchiveStore): Promise<number[]>;
}

let dir = '';
const embedded: StoreTarget = {
  name: 'embedded PGlite',
  async setUp() {
    dir = await mkdtemp(join(tmpdir(), 'sopflow-archive-'));
  },
  async tearDown() {
    await rm(dir, { recursive: true, force: true });
  },
  open: () => embeddedArchive(join(dir, 'archive')),
  async migrations(store) {
    return [await store.schemaVersion()];
  },
};

let server: PostgresServerHandle | undefined;
const postgres: StoreTarget = {
  name: 'PostgreSQL 15 server',
  async setUp() {
    server = await startPostgresServer();
  },
  async tearDown() {
    await server?.destroy();
  },
  open: () => postgresArchive(server!.url),
  async migrations(store) {
    expect(await store.schemaVersion()).to.equal(MIGRATIONS.length);
    const client = new Client({ connectionString: server!.url });
    await client.connect();
    try {
      return (await client.query<{ version: number }>('SELECT version FROM sopflow_migrations ORDER BY version')).rows.map((row) => row.version);
    } finally {
      await client.end();
    }
  },
};

for (const target of [embedded, postgres]) {
  describe(`archive store: ${target.name}`, function () {
    this.timeout(60_000);
    let store: ArchiveStore;

    before(async () => {
      await target.setUp();
      store = target.open();
      await store.ready();
    });
    after(async () => {
      await store?.close();
      await target.tearDown();
    });

    it('applies the numbered migrations once; a reopened store finds them applied and the data kept', async () => {
      await store.put(simpleRecord('SOP-KEEP-1', '2026-03-02T09:00:00Z'));
      await store.close();
      store = target.open();
      expect(await store.getTicket('SOP-KEEP-1')).to.include({ number: 'SOP-KEEP-1', finalState: 'resolved' });
      const expected = target === embedded ? [MIGRATIONS.length] : MIGRATIONS.map((migration) => migration.version);
      expect(await target.migrations(store)).to.deep.equal(expected);
    });

    it('returns a closed ticket with its whole timeline by number, and undefined for an unknown number', async () => {
      const record = simpleRecord('SOP-GET-1', '2026-03-03T09:00:00Z');
      await store.put(record);
      expect(await store.getTicket('SOP-GET-1')).to.deep.equal(record);
      expect((await store.getTicket('SOP-GET-1'))!.timeline.map((entry) => entry.kind)).to.deep.equal(['created', 'assigned', 'transition', 'transition']);
      expect(await store.getTicket('SOP-NOPE')).to.equal(undefined);
    });

    it('an upsert by ticket number: written twice (a retried activity, a replay) counts once', async () => {
      const record = simpleRecord('SOP-TWICE-1', '2026-03-04T09:00:00Z');
      const before = await store.count();
      expect(await store.put(record)).to.deep.equal({ inserted: true, writes: 1 });
      expect(await store.put(record)).to.deep.equal({ inserted: false, writes: 2 });
      expect(await store.count()).to.equal(before + 1);
      expect((await store.facts({ from: '2026-03-04T00:00:00Z', to: '2026-03-05T00:00:00Z' })).map((facts) => facts.number)).to.deep.equal(['SOP-TWICE-1']);
    });

    it('concurrent writes of one ticket still leave one row', async () => {
      const record = simpleRecord('SOP-RACE-1', '2026-03-05T09:00:00Z');
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.put(record)));
      expect(results.filter((result) => result.inserted)).to.have.length(1);
      expect(await store.count({ from: '2026-03-05T00:00:00Z', to: '2026-03-06T00:00:00Z' })).to.equal(1);
    });

    it('a later write replaces the record (a closed ticket written again keeps one, newest row)', async () => {
      await store.put(simpleRecord('SOP-NEW-1', '2026-03-06T09:00:00Z', 30));
      await store.put(simpleRecord('SOP-NEW-1', '2026-03-06T09:00:00Z', 90));
      const record = await store.getTicket('SOP-NEW-1');
      expect(record!.timeToResolve.calendarMinutes).to.equal(90);
      const facts = await store.facts({ from: '2026-03-06T00:00:00Z', to: '2026-03-07T00:00:00Z' });
      expect(facts.map((fact) => [fact.number, fact.resolveCalendarMin])).to.deep.equal([['SOP-NEW-1', 90]]);
    });

    it('reads facts by closing window [from, to) and flow, in closing order; counts openings by opening instant', async () => {
      await store.put(simpleRecord('SOP-W-2', '2026-04-01T10:00:00Z', 60)); // closes 11:00
      await store.put(simpleRecord('SOP-W-1', '2026-04-01T09:00:00Z', 30)); // closes 09:30
      await store.put(simpleRecord('SOP-W-3', '2026-03-31T23:50:00Z', 20)); // opened the day before, closes 00:10
      await store.put(simpleRecord('SOP-W-4', '2026-04-02T00:00:00Z', 10)); // closes on the 2nd: outside
      const window = { from: '2026-04-01T00:00:00Z', to: '2026-04-02T00:00:00Z' };
      expect((await store.facts(window)).map((fact) => fact.number)).to.deep.equal(['SOP-W-3', 'SOP-W-1', 'SOP-W-2']);
      expect(await store.count(window)).to.equal(3);
      expect(await store.countOpened(window)).to.equal(2);
      expect(await store.facts({ ...window, flow: 'no-such-flow' })).to.deep.equal([]);
      expect((await store.facts({ ...window, flow: 'escalation-test' })).length).to.equal(3);
      expect((await store.facts({ to: new Date('2026-04-01T09:30:00Z') })).map((fact) => fact.number)).to.include('SOP-W-3').and.not.include('SOP-W-1');
    });

    it("lists a customer's archived tickets newest first", async () => {
      await store.put(simpleRecord('SOP-CUST-1', '2026-05-01T09:00:00Z', 30, { customer: { id: 'C-77' } }));
      await store.put(simpleRecord('SOP-CUST-2', '2026-05-02T09:00:00Z', 30, { customer: { id: 'C-77' } }));
      const list = await store.ticketsOfCustomer('C-77');
      expect(list.map((entry) => [entry.number, entry.closedAt])).to.deep.equal([
        ['SOP-CUST-2', '2026-05-02T09:30:00.000Z'],
        ['SOP-CUST-1', '2026-05-01T09:30:00.000Z'],
      ]);
    });

    it('a link from a newer ticket is kept once, whether it comes before or after the record, and survives a rewrite', async () => {
      // Linked before its record arrives (the closing ticket's write is still being retried).
      expect(await store.link('SOP-OLD-1', { number: 'SOP-NEW-A', at: '2026-06-02T10:00:00Z' })).to.deep.equal({ added: true });
      const record = simpleRecord('SOP-OLD-1', '2026-06-01T09:00:00Z');
      await store.put(record);
      expect(await store.link('SOP-OLD-1', { number: 'SOP-NEW-B', at: '2026-06-03T10:00:00Z' })).to.deep.equal({ added: true });
      // The same link again (a retried activity, a replay) adds nothing.
      expect(await store.link('SOP-OLD-1', { number: 'SOP-NEW-B', at: '2026-06-03T10:00:00Z' })).to.deep.equal({ added: false });
      const links = [
        { number: 'SOP-NEW-A', at: '2026-06-02T10:00:00.000Z' },
        { number: 'SOP-NEW-B', at: '2026-06-03T10:00:00.000Z' },
      ];
      expect(await store.getTicket('SOP-OLD-1')).to.deep.equal({ ...record, linkedFrom: links });
      // The record written again (a replay of the old ticket) keeps its links; links it carries are not stored.
      await store.put({ ...record, linkedFrom: [{ number: 'SOP-BOGUS', at: '2026-06-09T00:00:00.000Z' }] });
      expect((await store.getTicket('SOP-OLD-1'))!.linkedFrom).to.deep.equal(links);
      // Links never count as tickets, and a ticket nobody linked has none.
      expect(await store.getTicket('SOP-NEW-A')).to.equal(undefined);
      await store.put(simpleRecord('SOP-LONE-1', '2026-06-01T09:00:00Z'));
      expect(await store.getTicket('SOP-LONE-1')).to.not.have.property('linkedFrom');
    });

    it('refuses a query instant that is not one, naming it', async () => {
      let error: unknown;
      await store.facts({ from: 'yesterday-ish' }).catch((caught: unknown) => (error = caught));
      expect(String(error)).to.contain("'from' is not an instant: yesterday-ish");
    });
  });
}

describe('archive store: opening', function () {
  this.timeout(60_000);

  it('a PostgreSQL server that does not answer is a clear error naming it, and a later call tries again', async () => {
    const port = await freePort();
    const store = postgresArchive(`postgresql://sopflow:secret@127.0.0.1:${port}/archive`);
    let error: unknown;
    await store.ready().catch((caught: unknown) => (error = caught));
    expect(error).to.be.instanceOf(ArchiveUnavailableError);
    expect(String(error)).to.contain(`the ticket archive at postgresql://sopflow:***@127.0.0.1:${port}/archive is not available`);
    expect(String(error)).to.not.contain('secret');
    let again: unknown;
    await store.count().catch((caught: unknown) => (again = caught));
    expect(again).to.be.instanceOf(ArchiveUnavailableError);
    await store.close();
  });

  it('an embedded archive opens in one store at a time; the second is told who holds it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sopflow-archive-busy-'));
    const first = embeddedArchive(join(root, 'archive'));
    const second = embeddedArchive(join(root, 'archive'));
    try {
      await first.ready();
      let error: unknown;
      await second.ready().catch((caught: unknown) => (error = caught));
      expect(String(error)).to.contain(`is open in process ${process.pid}`);
      expect((error as Error).cause).to.be.instanceOf(ArchiveBusyError);
      await first.close();
      await second.ready();
      expect(await second.count()).to.equal(0);
    } finally {
      await first.close();
      await second.close();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('SOPFLOW_DATABASE_URL picks the server; without it the embedded archive under .sopflow/; a bad URL is refused', () => {
    expect(openArchive({}, { SOPFLOW_DATABASE_URL: 'postgresql://u:pw@db.example.org:5432/sop' }).location).to.equal('postgresql://u:***@db.example.org:5432/sop');
    expect(openArchive({}, {}).location).to.equal(join(process.cwd(), '.sopflow', 'archive'));
    expect(() => openArchive({}, { SOPFLOW_DATABASE_URL: 'mysql://x@y/z' })).to.throw('SOPFLOW_DATABASE_URL must be a postgres:// or postgresql:// URL');
  });
});
