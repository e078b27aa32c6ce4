import { expect } from 'chai';
import type { TicketListRow } from '../src/client/ticket-client';
import { TicketIndex } from '../src/web/live/ticket-index';
import { pageOf, parsePageNumber } from '../src/web/views/pager';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
const running = (number: string, changed: number | undefined, over: Partial<TicketListRow> = {}): TicketListRow => ({
  number,
  flow: 'password-reset',
  state: 'l1_identity_check',
  tier: 'L1',
  slaStatus: 'ok',
  status: 'RUNNING',
  startTime: at(-3600),
  ...(changed === undefined ? {} : { changedAt: at(changed) }),
  ...over,
});
const closed = (number: string, closedAt: number, over: Partial<TicketListRow> = {}): TicketListRow => ({
  ...running(number, closedAt, over),
  status: 'COMPLETED',
  state: 'resolved',
  closeTime: at(closedAt),
  ...over,
});
const numbers = (rows: TicketListRow[]): string[] => rows.map((row) => row.number);

describe('the web poller’s ticket index (pure)', () => {
  it('takes in a delta: new tickets join, changed ones are replaced, closed ones leave the open list for closed today', () => {
    const index = new TicketIndex();
    index.load([running('A', 0), running('B', 0)], [], T0, 30_000);
    expect(index.apply([running('B', 5, { state: 'l2_account_analysis', tier: 'L2' }), running('C', 6), closed('A', 7)])).to.equal(true);
    expect(numbers(index.openRows()).sort()).to.deep.equal(['B', 'C']);
    expect(index.openRows().find((row) => row.number === 'B')?.tier).to.equal('L2');
    expect(numbers(index.closedSince(at(-60)))).to.deep.equal(['A']);
    expect(index.closedSince(at(60))).to.deep.equal([]);
  });

  it('never lets an older or stale row replace a newer one, whatever order they arrive in', () => {
    const index = new TicketIndex();
    index.apply([running('A', 10, { state: 'l2_account_analysis' })]);
    const version = index.version;
    expect(index.apply([running('A', 5, { state: 'l1_identity_check' })])).to.equal(false);
    expect(index.apply([running('A', undefined, { state: 'new' })])).to.equal(false);
    expect(index.version).to.equal(version);
    expect(index.openRows()[0]!.state).to.equal('l2_account_analysis');
    // A closed ticket stays closed: a running row read before it closed does not bring it back.
    index.apply([closed('A', 20)]);
    expect(index.apply([running('A', 30)])).to.equal(false);
    expect(index.openCount).to.equal(0);
    expect(numbers(index.closedSince(at(0)))).to.deep.equal(['A']);
  });

  it('answers "nothing changed" for rows that repeat what it knows (the overlap of consecutive deltas)', () => {
    const index = new TicketIndex();
    const rows = [running('A', 1), running('B', 2), closed('C', 3)];
    expect(index.apply(rows)).to.equal(true);
    expect(index.apply(rows.map((row) => ({ ...row })))).to.equal(false);
  });

  it('ignores the closed run of a ticket that continued as new', () => {
    const index = new TicketIndex();
    index.apply([running('A', 1), { ...closed('A', 2), status: 'CONTINUED_AS_NEW' }]);
    expect(numbers(index.openRows())).to.deep.equal(['A']);
    expect(index.closedSince(at(-60))).to.deep.equal([]);
  });

  it('counts only completed tickets as closed today, but drops every closed one from the open list', () => {
    const index = new TicketIndex();
    index.apply([running('A', 1), running('B', 1)]);
    index.apply([{ ...closed('A', 2), status: 'TERMINATED' }, closed('B', 2)]);
    expect(index.openCount).to.equal(0);
    expect(numbers(index.closedSince(at(-60)))).to.deep.equal(['B']);
  });

  it('a full load drops open tickets it no longer lists, except those changed within the overlap', () => {
    const index = new TicketIndex();
    index.apply([running('OLD', undefined), running('GONE', -120), running('NEW', -5)]);
    // GONE and OLD were terminated without a row; NEW opened while the load ran.
    index.load([running('KEPT', -300)], [], T0, 30_000);
    expect(numbers(index.openRows()).sort()).to.deep.equal(['KEPT', 'NEW']);
  });

  it('keeps the open list sorted by due date, those without one last', () => {
    const index = new TicketIndex();
    index.apply([running('A', 1, { dueAt: at(300) }), running('B', 1), running('C', 1, { dueAt: at(100) })]);
    expect(numbers(index.openRows())).to.deep.equal(['C', 'A', 'B']);
    index.apply([running('B', 2, { dueAt: at(50) })]);
    expect(numbers(index.openRows())).to.deep.equal(['B', 'C', 'A']);
  });

  it('a patch from this server’s own change shows at once and is replaced by the next newer row, not by the row from before it', () => {
    const index = new TicketIndex();
    index.apply([running('A', 10, { state: 'l1_identity_check', assignee: 'a.schmidt' })]);
    expect(index.patch('A', { state: 'l2_account_analysis', tier: 'L2', priority: 'P2', assignee: undefined, slaStatus: 'ok', dueAt: undefined })).to.equal(true);
    expect(index.openRows()[0]).to.include({ state: 'l2_account_analysis', tier: 'L2' });
    expect(index.openRows()[0]!.assignee).to.equal(undefined);
    // The delta still returns the row from before the change (visibility lags): the patch stays.
    index.apply([running('A', 10, { state: 'l1_identity_check', assignee: 'a.schmidt' })]);
    expect(index.openRows()[0]!.state).to.equal('l2_account_analysis');
    // Visibility caught up.
    index.apply([running('A', 11, { state: 'l2_account_analysis', tier: 'L2', assignee: 'j.weber' })]);
    expect(index.openRows()[0]!.assignee).to.equal('j.weber');
    expect(index.patch('NOPE', { state: 'x', tier: undefined, priority: undefined, assignee: undefined, slaStatus: undefined, dueAt: undefined })).to.equal(false);
  });

  it('forgets closed tickets before a day, keeping later ones', () => {
    const index = new TicketIndex();
    index.apply([closed('Y', -86_400), closed('T', 5)]);
    index.forgetClosedBefore(at(0));
    expect(numbers(index.closedSince(at(-200_000)))).to.deep.equal(['T']);
  });
});

describe('queue pages', () => {
  const all = Array.from({ length: 120 }, (_, i) => i);
  it('cuts pages of 50 and clamps past the last one', () => {
    expect(pageOf(all, 1)).to.deep.include({ page: 1, pages: 3, total: 120, first: 0 });
    expect(pageOf(all, 3).rows).to.deep.equal(all.slice(100));
    expect(pageOf(all, 9).page).to.equal(3);
    expect(pageOf([], 1)).to.deep.include({ page: 1, pages: 1, total: 0 });
  });
  it('accepts only positive whole page numbers', () => {
    expect(parsePageNumber(undefined)).to.equal(1);
    expect(parsePageNumber('2')).to.equal(2);
    for (const bad of ['0', '-1', '1.5', 'abc', '1e3', '99999999']) expect(parsePageNumber(bad), bad).to.equal(undefined);
  });
});
