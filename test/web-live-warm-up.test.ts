import { expect } from 'chai';
import type { TicketListRow } from '../src/client/ticket-client';
import { LiveHub } from '../src/web/live/live-hub';
import type { WebDeps } from '../src/web/web-deps';

/** Visibility as the poller sees it: the queries it was asked, answered from a list of rows. */
class RecordingVisibility {
  readonly queries: string[] = [];
  failNext = false;
  constructor(private readonly rows: TicketListRow[]) {}

  list = async (query: string): Promise<TicketListRow[]> => {
    this.queries.push(query);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('visibility unavailable');
    }
    return query === `ExecutionStatus = 'Running'` ? this.rows : [];
  };

  count = async (): Promise<number> => this.rows.length;

  /** Full loads so far: each asks for every running ticket. */
  fullLoads(): number {
    return this.queries.filter((query) => query === `ExecutionStatus = 'Running'`).length;
  }
}

const row = (number: string): TicketListRow => ({ number, flow: 'password-reset', state: 'new', tier: 'L1', status: 'RUNNING', startTime: '2026-12-01T08:00:00.000Z' });

/** A poller on recorded visibility: only what LiveHub reads of its dependencies is there. */
function hubOn(visibility: RecordingVisibility): LiveHub {
  const deps = {
    tickets: { list: visibility.list, count: visibility.count },
    directory: { view: async () => ({ absences: [], queued: {} }) },
    pollMs: 60_000,
  };
  return new LiveHub(deps as unknown as WebDeps);
}

/**
 * A web server loads every open ticket when it starts listening, not when the first agent asks
 * for a page: with thousands open that load takes seconds, which the first page would wait for.
 */
describe('web live poller: the full load starts with the server', () => {
  it('loads every open ticket before any page asks, and the first page reads no more', async () => {
    const visibility = new RecordingVisibility([row('SOP-261201-AAAAA'), row('SOP-261201-BBBBB')]);
    const hub = hubOn(visibility);
    hub.warmUp();
    expect(visibility.fullLoads(), 'the load began at warm-up').to.equal(1);
    const snapshot = await hub.visibility();
    expect(snapshot.open.map((open) => open.number).sort()).to.deep.equal(['SOP-261201-AAAAA', 'SOP-261201-BBBBB']);
    expect(visibility.fullLoads(), 'the page used the warm-up load').to.equal(1);
    expect(hub.fullLoads).to.equal(1);
    hub.close();
  });

  it('does nothing once loaded or closed', async () => {
    const visibility = new RecordingVisibility([row('SOP-261201-AAAAA')]);
    const hub = hubOn(visibility);
    await hub.visibility();
    const asked = visibility.queries.length;
    hub.warmUp();
    expect(visibility.queries).to.have.length(asked);
    expect(visibility.fullLoads()).to.equal(1);

    const closed = new RecordingVisibility([row('SOP-261201-AAAAA')]);
    const closedHub = hubOn(closed);
    closedHub.close();
    closedHub.warmUp();
    expect(closed.queries).to.deep.equal([]);
    hub.close();
  });

  it('leaves a failed warm-up to the first page, which loads again', async () => {
    const visibility = new RecordingVisibility([row('SOP-261201-AAAAA')]);
    visibility.failNext = true;
    const hub = hubOn(visibility);
    hub.warmUp();
    // The warm-up's load has failed before the first page comes.
    await new Promise((done) => setImmediate(done));
    const snapshot = await hub.visibility();
    expect(snapshot.error).to.equal(undefined);
    expect(snapshot.open.map((open) => open.number)).to.deep.equal(['SOP-261201-AAAAA']);
    expect(visibility.fullLoads(), 'the failed load and the page’s own').to.equal(2);
    hub.close();
  });
});
