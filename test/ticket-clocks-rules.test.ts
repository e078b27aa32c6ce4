import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { loadFlowOrThrow } from '../src/flow/load-flow';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { TicketClocks } from '../src/ticket/ticket-clocks';
import type { ClockStatus } from '../src/ticket/types';
import { MIN, HOUR, DAY, iso } from './helpers/time-units';

/*
 * The clock rules of a ticket (README, SLA): ticket-wide first-response and resolution clocks
 * plus a due-date clock per working state; they run in working states, pause in waiting states,
 * stop in final states; a state's clock resumes only in that state. Targets are the IT desk
 * flow's P3 durations on the 24x7 calendar (first response 2h, resolution 2d, `new` 2h,
 * `l1_classify` 1h), warnings at 75 % and 90 %; expected instants are worked out by hand.
 */

const NOW = Date.UTC(2026, 10, 23, 9, 0);

describe('the SLA clocks of one ticket', () => {
  let flow: FlowDefinition;
  let clocks: TicketClocks;

  beforeEach(() => {
    flow = loadFlowOrThrow('flows/it-desk-incident.yaml');
    clocks = new TicketClocks(flow, CALENDAR_24X7);
    clocks.startTicket(flow.states.new!, 'P3', NOW);
  });

  const ids = (): string[] => clocks.views(NOW).map((view) => view.id);
  const view = (id: string, at: number): ClockStatus => clocks.views(at).find((clock) => clock.id === id)!;

  it('starts first response, resolution and the initial state’s clock; the earliest warning comes first', () => {
    expect(ids()).to.deep.equal(['first_response', 'resolution', 'new']);
    expect(view('new', NOW)).to.deep.equal({ id: 'new', kind: 'state_due', state: 'new', targetMinutes: 120, elapsedMinutes: 0, pausedMinutes: 0, dueAt: iso(NOW + 2 * HOUR), status: 'ok' });
    expect(view('first_response', NOW)).to.not.have.property('state');
    // First response and `new` both warn at 75 % of 2h; the ticket-wide clock is first of equals.
    expect(clocks.nextAlarm()).to.deep.equal({ at: NOW + 90 * MIN, kind: 'warning', percent: 75, clockId: 'first_response', clockKind: 'first_response', clockLabel: 'first response within 2h' });
    clocks.markWarned(clocks.nextAlarm()!);
    expect(clocks.nextAlarm()).to.deep.equal({ at: NOW + 90 * MIN, kind: 'warning', percent: 75, clockId: 'new', clockKind: 'state_due', clockLabel: 'Logged due within 2h' });
    clocks.markWarned(clocks.nextAlarm()!);
    expect(clocks.nextAlarm()).to.deep.include({ at: NOW + 108 * MIN, percent: 90, clockId: 'first_response' });
    expect(view('first_response', NOW + 100 * MIN).status).to.equal('warning');
    expect(clocks.overallStatus(NOW + 100 * MIN, false)).to.equal('warning');
  });

  it('makes a clock’s warnings moot once its breach fired, and shows the breach even after it stopped', () => {
    const breach = { at: NOW + 2 * HOUR, kind: 'breach' as const, clockId: 'first_response', clockKind: 'first_response' as const, clockLabel: 'first response within 2h' };
    clocks.markBreached(breach);
    expect(clocks.nextAlarm()).to.deep.include({ clockId: 'new', percent: 75 });
    clocks.markWarned(clocks.nextAlarm()!);
    expect(clocks.nextAlarm()).to.deep.include({ clockId: 'new', percent: 90, at: NOW + 108 * MIN });
    clocks.responded(NOW + MIN);
    expect(view('first_response', NOW + MIN)).to.deep.include({ status: 'breached' });
    expect(view('first_response', NOW + MIN)).to.not.have.property('dueAt');
  });

  it('labels the resolution clock by its target', () => {
    const sla = { ...flow.sla };
    delete sla.firstResponse;
    const plainNew = { ...flow.states.new! };
    delete plainNew.sla;
    const only = new TicketClocks({ ...flow, sla }, CALENDAR_24X7);
    only.startTicket(plainNew, 'P3', NOW);
    expect(only.views(NOW).map((clock) => clock.id)).to.deep.equal(['resolution']);
    expect(only.nextAlarm()).to.deep.equal({ at: NOW + 36 * HOUR, kind: 'warning', percent: 75, clockId: 'resolution', clockKind: 'resolution', clockLabel: 'resolution within 2d' });
    const breach = { at: NOW + 2 * DAY, kind: 'breach' as const, clockId: 'resolution', clockKind: 'resolution' as const, clockLabel: 'x' };
    only.markBreached(breach);
    expect(only.nextAlarm()).to.equal(undefined);
  });

  it('stops only the first-response clock when the first response happens', () => {
    clocks.responded(NOW + 30 * MIN);
    expect(view('first_response', NOW + 30 * MIN)).to.deep.include({ status: 'met', elapsedMinutes: 30 });
    expect(view('first_response', NOW + 30 * MIN)).to.not.have.property('dueAt');
    expect(view('resolution', NOW + 30 * MIN)).to.deep.include({ status: 'ok', dueAt: iso(NOW + 2 * DAY) });
    expect(view('new', NOW + 30 * MIN)).to.deep.include({ status: 'ok', dueAt: iso(NOW + 2 * HOUR) });
  });

  it('pauses every running clock in a waiting state and resumes the state’s own clock only back in that state', () => {
    clocks.stateChanged(flow.states.new!, flow.states.l1_waiting_for_user!, 'P3', NOW + 30 * MIN, false);
    expect(clocks.views(NOW + HOUR).map((clock) => clock.status)).to.deep.equal(['paused', 'paused', 'paused']);
    expect(clocks.overallStatus(NOW + HOUR, false)).to.equal('paused');
    expect(clocks.nextAlarm()).to.equal(undefined);
    clocks.stateChanged(flow.states.l1_waiting_for_user!, flow.states.new!, 'P3', NOW + 90 * MIN, false);
    expect(ids()).to.deep.equal(['first_response', 'resolution', 'new']);
    // An hour paused: every due instant moves by an hour.
    expect(view('new', NOW + 90 * MIN)).to.deep.include({ status: 'ok', pausedMinutes: 60, dueAt: iso(NOW + 3 * HOUR) });
    expect(view('first_response', NOW + 90 * MIN)).to.deep.include({ status: 'ok', dueAt: iso(NOW + 3 * HOUR) });
    expect(view('resolution', NOW + 90 * MIN)).to.deep.include({ status: 'ok', dueAt: iso(NOW + 2 * DAY + HOUR) });
  });

  it('stops a state’s clock when the ticket moves on, and opens a numbered one when it comes back', () => {
    clocks.stateChanged(flow.states.new!, flow.states.l1_classify!, 'P3', NOW + 10 * MIN, false);
    expect(view('new', NOW + 10 * MIN)).to.deep.include({ status: 'met', elapsedMinutes: 10 });
    expect(view('l1_classify', NOW + 10 * MIN)).to.deep.include({ status: 'ok', targetMinutes: 60, dueAt: iso(NOW + 70 * MIN) });
    // A transition to the same state keeps its clock.
    clocks.stateChanged(flow.states.l1_classify!, flow.states.l1_classify!, 'P3', NOW + 20 * MIN, false);
    expect(ids()).to.deep.equal(['first_response', 'resolution', 'new', 'l1_classify']);
    clocks.stateChanged(flow.states.l1_classify!, flow.states.new!, 'P3', NOW + 30 * MIN, false);
    expect(ids()).to.deep.equal(['first_response', 'resolution', 'new', 'l1_classify', 'new#2']);
    expect(view('new#2', NOW + 30 * MIN)).to.deep.include({ state: 'new', dueAt: iso(NOW + 150 * MIN) });
    expect(view('l1_classify', NOW + 30 * MIN).status).to.equal('met');
    // The ticket-wide clocks kept running throughout.
    expect(view('first_response', NOW + 30 * MIN)).to.deep.include({ status: 'ok', elapsedMinutes: 30 });
  });

  it('stops every clock in a final state, and when the machine is done', () => {
    clocks.stateChanged(flow.states.new!, flow.states.resolved!, 'P3', NOW + 10 * MIN, false);
    expect(clocks.views(NOW + DAY).map((clock) => [clock.status, clock.dueAt])).to.deep.equal([['met', undefined], ['met', undefined], ['met', undefined]]);
    expect(clocks.overallStatus(NOW + DAY, true)).to.equal('met');
    const other = new TicketClocks(flow, CALENDAR_24X7);
    other.startTicket(flow.states.new!, 'P3', NOW);
    other.stateChanged(flow.states.new!, flow.states.l1_classify!, 'P3', NOW + 10 * MIN, true);
    expect(other.views(NOW + DAY).map((clock) => clock.status)).to.deep.equal(['met', 'met', 'met']);
  });

  it('gives every open clock the new priority’s target and leaves stopped ones alone', () => {
    clocks.stateChanged(flow.states.new!, flow.states.l1_classify!, 'P3', NOW + 10 * MIN, false);
    clocks.responded(NOW + 10 * MIN);
    clocks.changePriority('P1', NOW + 20 * MIN);
    expect(clocks.views(NOW + 20 * MIN).map((clock) => [clock.id, clock.targetMinutes])).to.deep.equal([
      ['first_response', 120],
      ['resolution', 4 * 60],
      ['new', 120],
      ['l1_classify', 15],
    ]);
    expect(view('l1_classify', NOW + 20 * MIN)).to.deep.include({ dueAt: iso(NOW + 25 * MIN) });
    expect(clocks.nextAlarm()).to.deep.include({ clockId: 'l1_classify', clockLabel: 'Classifying due within 15m' });
  });

  it('carries records and fired alarms into a new run', () => {
    clocks.markWarned(clocks.nextAlarm()!);
    const carried = JSON.parse(JSON.stringify(clocks.carry())) as ReturnType<TicketClocks['carry']>;
    expect(carried.fired).to.deep.equal(['first_response:75']);
    const restored = new TicketClocks(flow, CALENDAR_24X7, carried);
    expect(restored.views(NOW + MIN)).to.deep.equal(clocks.views(NOW + MIN));
    expect(restored.nextAlarm()).to.deep.include({ clockId: 'new', percent: 75 });
  });

  it('sums a ticket’s SLA status: breached, then warning, then met when done, then ok, then paused', () => {
    const views = (...statuses: ClockStatus['status'][]): ClockStatus[] => statuses.map((status, index) => ({ id: `c${index}`, kind: 'resolution', targetMinutes: 1, elapsedMinutes: 0, pausedMinutes: 0, status }));
    expect(clocks.overallStatus(NOW, true, views('ok', 'breached'))).to.equal('breached');
    expect(clocks.overallStatus(NOW, true, views('ok', 'warning'))).to.equal('warning');
    expect(clocks.overallStatus(NOW, true, views('ok', 'paused'))).to.equal('met');
    expect(clocks.overallStatus(NOW, false, views('paused', 'ok'))).to.equal('ok');
    expect(clocks.overallStatus(NOW, false, views('met', 'paused'))).to.equal('paused');
    expect(clocks.overallStatus(NOW, false, views('met'))).to.equal('met');
    expect(clocks.overallStatus(NOW, false, views())).to.equal('ok');
    expect(clocks.overallStatus(NOW, false)).to.equal('ok');
  });
});
