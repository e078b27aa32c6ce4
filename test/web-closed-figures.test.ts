import { expect } from 'chai';
import { inMemoryArchive, postgresArchive } from '../src/archive';
import type { ArchiveStore } from '../src/archive';
import { flowToMermaid } from '../src/flow/graph/mermaid';
import { computeReport } from '../src/report';
import type { StateStayMinutes } from '../src/archive';
import { loadFlowCatalog } from '../src/runtime/flow-catalog';
import { startPostgresServer } from '../src/servers';
import type { PostgresServerHandle } from '../src/servers';
import { archivedTicketView } from '../src/web/archived-ticket';
import { stepFigures, weeklySeries } from '../src/web/closed-figures';
import { ClosedFiguresReader } from '../src/web/closed-figures-reader';
import { weeklyCharts } from '../src/web/views/weekly-charts';
import type { WebArchivePort } from '../src/web/web-deps';
import { ticketFacts } from '../src/report';
import { passwordResetFixture } from './helpers/archived-fixture';

const catalog = loadFlowCatalog();
const flow = catalog.flow('password-reset');

/** The figures the dashboard and the flow page show, read from a real store of each kind. */
for (const kind of ['embedded PGlite', 'PostgreSQL 15 server'] as const) {
  describe(`closed-ticket figures of the web pages (${kind})`, function () {
    this.timeout(120_000);
    let server: PostgresServerHandle | undefined;
    let store: ArchiveStore;

    before(async () => {
      if (kind === 'PostgreSQL 15 server') server = await startPostgresServer();
      store = server ? postgresArchive(server.url) : inMemoryArchive();
      for (const record of passwordResetFixture(catalog)) await store.put(record);
      // A ticket of another flow stays out of this flow's figures.
      await store.put({ ...passwordResetFixture(catalog, Date.now(), 'SOP-OTHER')[1]!, flow: { id: 'website-unreachable', version: 1, hash: 'x', title: 'x' } });
    });
    after(async () => {
      await store?.close();
      await server?.destroy();
    });

    it('per state: SLA met % of its due date, breaches, overrun and the median time in step, as computed by hand', async () => {
      const figures = await new ClosedFiguresReader(store).read(flow.id);
      if ('error' in figures) throw new Error(figures.error);
      const steps = stepFigures(flow, figures.report, figures.stays);
      const pick = (state: string) => steps.find((step) => step.state === state)!;
      expect(pick('new')).to.deep.equal({ state: 'new', visits: 4, p50BusinessMin: 10, clocks: 4, met: 3, breached: 1, metPct: 75, avgOverrunMin: 20, heat: 'hot' });
      expect(pick('l1_identity_check')).to.deep.include({ visits: 4, p50BusinessMin: 20, met: 4, breached: 0, metPct: 100, heat: 'none' });
      expect(pick('l1_reset_password')).to.deep.include({ visits: 4, p50BusinessMin: 10, met: 3, breached: 1, metPct: 75, avgOverrunMin: 1420, heat: 'hot' });
      // Never visited: no figures, not zeros.
      expect(pick('l2_account_analysis')).to.deep.include({ visits: 0, p50BusinessMin: null, clocks: 0, metPct: null, heat: 'none' });
      // Final states have no step figures.
      expect(steps.map((step) => step.state)).not.to.include('resolved');
    });

    it('per week: SLA met % and same-day rate, the figures of `sopflow report --group-by week`', async () => {
      const figures = await new ClosedFiguresReader(store).read(flow.id);
      if ('error' in figures) throw new Error(figures.error);
      const series = weeklySeries(figures.report);
      expect(series.closed).to.deep.equal([1, 3]);
      expect(series.slaMetPct).to.deep.equal([60, 86.7]);
      expect(series.sameDayPct).to.deep.equal([0, 100]);
      expect(series.weeks[0]! < series.weeks[1]!).to.equal(true);
      // All flows together: the other flow's ticket joins last week.
      const all = await new ClosedFiguresReader(store).read();
      if ('error' in all) throw new Error(all.error);
      expect(weeklySeries(all.report).closed).to.deep.equal([1, 4]);
    });

    it('stays per state come only from the window and the flow asked for', async () => {
      const stays = await store.stayMinutes({ flow: flow.id });
      const of = (state: string) => stays.find((stay) => stay.state === state)?.businessMinutes.slice().sort((a, b) => a - b);
      expect(of('new')).to.deep.equal([10, 10, 20, 50]);
      expect(of('l1_reset_password')).to.deep.equal([10, 10, 20, 1480]);
      expect(await store.stayMinutes({ flow: flow.id, from: '2000-01-01T00:00:00Z', to: '2000-01-02T00:00:00Z' })).to.deep.equal([]);
      await store.stayMinutes({ from: 'yesterday' }).then(
        () => expect.fail('a bad instant must be refused'),
        (error: Error) => expect(error.message).to.contain("'from' is not an instant: yesterday"),
      );
    });
  });
}

describe('closed-ticket views (pure)', () => {
  const records = passwordResetFixture(catalog);

  it('an archived ticket is shown as a closed, read-only ticket with its whole timeline', () => {
    const record = records[1]!;
    const view = archivedTicketView(record, 1);
    expect(view.archivedAt).to.equal(record.closedAt);
    expect(view.status).to.deep.include({ number: record.number, state: 'resolved', kind: 'final', customer: record.customer.id, customerName: 'Erika Mustermann', language: 'de', assignee: 'anna.schmidt', priority: 'P2', slaStatus: 'breached' });
    expect(view.status.allowedEvents).to.deep.equal([]);
    expect(view.status.clocks.find((clock) => clock.id === 'new')).to.deep.include({ status: 'breached', elapsedMinutes: 50, targetMinutes: 30 });
    expect(view.timeline).to.equal(record.timeline);
    expect(archivedTicketView(records[0]!, 1).status.slaStatus).to.equal('met');
  });

  it('the weekly charts carry their figures in data- attributes (no inline script) and in a table; an archive that is down is named', () => {
    const report = computeReport(records.map(ticketFacts), { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', groupBy: 'week' });
    const stays: StateStayMinutes[] = [];
    const text = weeklyCharts({ report, stays }, 'en').value;
    const weeks = weeklySeries(report).weeks;
    expect(text).to.contain(`data-weeks="${JSON.stringify(weeks).replace(/"/g, '&quot;')}"`);
    expect(text).to.contain('data-values="[60,86.7]"');
    expect(text).to.contain('<td data-figure="same-day">0.0 %</td>');
    expect(text).not.to.contain('<script');
    expect(weeklyCharts({ error: 'down <b>now</b>' }, 'en').value).to.contain('down &lt;b&gt;now&lt;/b&gt;');
    expect(weeklyCharts(undefined, 'en').value).to.equal('');
    const empty = computeReport([], { from: '2000-01-01T00:00:00Z', to: '2000-02-01T00:00:00Z', groupBy: 'week' });
    expect(weeklyCharts({ report: empty, stays }, 'de').value).to.contain('Noch keine abgeschlossenen Tickets im Archiv.');
  });

  it('weekly charts need a report grouped by week', () => {
    const report = computeReport([], { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' });
    expect(() => weeklySeries(report)).to.throw('weekly charts need a report grouped by week, not by nothing');
  });

  it('the diagram colours hot spots with extra classes, after the kinds, and takes no style that could break it', () => {
    const text = flowToMermaid(flow, { annotate: (state) => (state.name === 'new' ? ['line one', 'SLA <b>'] : undefined), classes: [{ name: 'heat_hot', style: 'fill:#fff1f0', states: ['new', 'no_such_state'] }] });
    expect(text).to.contain('  classDef heat_hot fill:#fff1f0\n  class s_new heat_hot\n');
    expect(text.indexOf('class s_new heat_hot')).to.be.greaterThan(text.indexOf('classDef final'));
    expect(text).to.contain('line one<br/>SLA #lt;b#gt;');
    expect(flowToMermaid(flow, { classes: [{ name: 'x', style: 'fill:red;}</style>', states: ['new'] }] })).not.to.contain('classDef x');
    expect(flowToMermaid(flow, { classes: [{ name: 'heat_hot', style: 'fill:#fff', states: [] }] })).not.to.contain('heat_hot');
  });
});

describe('the reader of closed-ticket figures', () => {
  const port = (fail: () => boolean) => {
    const calls = { facts: 0 };
    const archive: WebArchivePort = {
      getTicket: async () => undefined,
      facts: async () => {
        calls.facts += 1;
        if (fail()) throw new Error('the ticket archive at memory is not available: down');
        return [];
      },
      // Each reading counts one more opened ticket, so a test can tell readings apart.
      countOpened: async () => calls.facts,
      stayMinutes: async () => [],
    };
    return { archive, calls };
  };

  it('serves every viewer from one reading for its time to live, per flow, and the last one while the next runs', async () => {
    let now = 1_000_000;
    const { archive, calls } = port(() => false);
    const reader = new ClosedFiguresReader(archive, () => now, 10_000);
    const opened = async (flow?: string) => {
      const figures = await reader.read(flow);
      if ('error' in figures) throw new Error(figures.error);
      return figures.report.tickets.opened;
    };
    expect(await Promise.all([opened('password-reset'), opened('password-reset'), opened('password-reset')])).to.deep.equal([1, 1, 1]);
    expect(calls.facts).to.equal(1);
    expect(await opened()).to.equal(2);
    now += 9_999;
    expect(await opened('password-reset')).to.equal(1);
    expect(calls.facts).to.equal(2);
    // Expired: the old reading is shown once more while the next one runs, then the new one.
    now += 1;
    expect(await opened('password-reset')).to.equal(1);
    expect(calls.facts).to.equal(3);
    await new Promise((done) => setImmediate(done));
    expect(await opened('password-reset')).to.equal(3);
    expect(calls.facts).to.equal(3);
  });

  it('says why when the archive is down, and reads again at the next view', async () => {
    let down = true;
    const { archive, calls } = port(() => down);
    const reader = new ClosedFiguresReader(archive, () => 0, 10_000);
    expect(await reader.read()).to.deep.equal({ error: 'the ticket archive at memory is not available: down' });
    down = false;
    const figures = await reader.read();
    expect('report' in figures).to.equal(true);
    expect(calls.facts).to.equal(2);
  });
});
