import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { TicketEngine } from '../src/ticket/engine';
import type { EngineEffect } from '../src/ticket/engine';
import { notificationRequest } from '../src/ticket/notification-request';
import { TicketClocks } from '../src/ticket/ticket-clocks';
import type { TicketInfo } from '../src/ticket/types';
import { flowFromYaml } from './helpers/flow-fixtures';
import { MIN, HOUR, iso } from './helpers/time-units';

/*
 * Rules of the notify request and the SLA clocks that the other tests left open: only recorded
 * bounces name bounced addresses; a breach alarm has no percent; a breach makes the breached
 * clock's own warnings moot; a self-transition keeps its clock running and opens none; a clock
 * of a state the flow no longer has is labelled by the state's name. 24x7, targets below.
 */

/**
 * `work` (L1, due 1h for P1 only, warnings at 80 %), global warnings at 50 %, first response 2h;
 * NOTE takes fields named like a bounce's, to show they are not one.
 */
const FLOW = `
id: runtime-mutants
version: 1
title: Runtime mutants
calendar: 24x7
priorities: [P1, P2]
sla:
  first_response: { P1: 2h, P2: 2h }
  warn_at: [50]
events:
  NOTE: { fields: { template: { type: text }, address: { type: text } } }
  DONE: {}
states:
  work:
    tier: L1
    sla: { due: { P1: 1h }, warn_at: [80] }
    on: { NOTE: work, DONE: done }
  done: { final: true }
`;

const NOW = Date.UTC(2026, 10, 23, 9, 0);
type Notify = Extract<EngineEffect, { kind: 'notify' }>;

describe('runtime rules left open by the other tests', () => {
  let flow: FlowDefinition;
  let ticket: TicketInfo;

  beforeEach(() => {
    flow = flowFromYaml(FLOW);
    ticket = { number: 'M-1', customer: { id: 'c-1', email: 'ada@x.example' }, channel: 'mail', subject: 'VPN', priority: 'P1', topic: flow.id, fields: {} };
  });

  const effect: Notify = { kind: 'notify', seq: 1, template: 'status_changed', audience: 'customer' };

  it('names only addresses a bounce was recorded for, not an event’s fields or another failed notification', () => {
    const { engine } = TicketEngine.open(flow, CALENDAR_24X7, ticket, NOW);
    engine.send({ type: 'NOTE', data: { template: 'bounce', address: 'eve@x.example' } }, NOW + MIN);
    expect(notificationRequest(engine, effect, NOW + MIN).ticket).to.not.have.property('bouncedAddresses');
    // A carried timeline whose failed notification (not a bounce) names an address.
    const carried = engine.carry();
    carried.timeline = [...carried.timeline, { seq: carried.seq + 1, at: iso(NOW + 2 * MIN), kind: 'notification_failed', reason: 'full', data: { template: 'resolved', audience: 'customer', address: 'bob@x.example' } }];
    const restored = TicketEngine.restore(flow, CALENDAR_24X7, ticket, carried);
    expect(notificationRequest(restored, effect, NOW + 2 * MIN).ticket).to.not.have.property('bouncedAddresses');
    restored.deliveryBounced('Ann@X.example', '550', NOW + 3 * MIN);
    expect(notificationRequest(restored, effect, NOW + 3 * MIN).ticket.bouncedAddresses).to.deep.equal(['ann@x.example']);
  });

  it('gives a breach alarm no percent, and a breach makes only the breached clock’s own warnings moot', () => {
    const clocks = new TicketClocks(flow, CALENDAR_24X7);
    clocks.startTicket(flow.states.work!, 'P1', NOW);
    // first response warns at 50 % of 2h (1h), `work` at 80 % of 1h (48m).
    expect(clocks.nextAlarm()).to.deep.include({ at: NOW + 48 * MIN, clockId: 'work', percent: 80 });
    clocks.markBreached({ at: NOW + HOUR, kind: 'breach', clockId: 'work', clockKind: 'state_due', clockLabel: 'work' });
    expect(clocks.nextAlarm()).to.deep.include({ at: NOW + HOUR, clockId: 'first_response', percent: 50 });
    clocks.markWarned(clocks.nextAlarm()!);
    expect(clocks.nextAlarm()).to.deep.equal({ at: NOW + 2 * HOUR, kind: 'breach', clockId: 'first_response', clockKind: 'first_response', clockLabel: 'first response within 2h' });
    expect(clocks.nextAlarm()).to.not.have.property('percent');
  });

  it('remembers a breach of a clock it does not know, and nothing else', () => {
    const clocks = new TicketClocks(flow, CALENDAR_24X7);
    clocks.startTicket(flow.states.work!, 'P1', NOW);
    clocks.markBreached({ at: NOW, kind: 'breach', clockId: 'gone', clockKind: 'state_due', clockLabel: 'gone' });
    expect(clocks.carry().fired).to.deep.equal(['gone:breach']);
  });

  it('keeps a state’s clock running through a self-transition and opens none there', () => {
    const clocks = new TicketClocks(flow, CALENDAR_24X7);
    clocks.startTicket(flow.states.work!, 'P1', NOW);
    clocks.stateChanged(flow.states.work!, flow.states.work!, 'P1', NOW + 10 * MIN, false);
    expect(clocks.views(NOW + 10 * MIN).find((view) => view.id === 'work')).to.deep.include({ status: 'ok', dueAt: iso(NOW + HOUR) });
    // P2 has no due date in `work`: no clock; a self-transition at P1 does not open one either.
    const other = new TicketClocks(flow, CALENDAR_24X7);
    other.startTicket(flow.states.work!, 'P2', NOW);
    other.stateChanged(flow.states.work!, flow.states.work!, 'P1', NOW + 10 * MIN, false);
    expect(other.views(NOW + 10 * MIN).map((view) => view.id)).to.deep.equal(['first_response']);
  });

  it('labels the clock of a state the flow no longer has by the state’s name', () => {
    const clocks = new TicketClocks(flow, CALENDAR_24X7);
    clocks.startTicket(flow.states.work!, 'P2', NOW);
    const carried = clocks.carry();
    const old = { id: 'triage', kind: 'state_due' as const, state: 'triage', targetMinutes: 30, warnAt: [], startedAt: NOW, running: [{ from: NOW }] };
    const restored = new TicketClocks(flow, CALENDAR_24X7, { records: [old, ...carried.records], fired: ['first_response:50'] });
    expect(restored.nextAlarm()).to.deep.equal({ at: NOW + 30 * MIN, kind: 'breach', clockId: 'triage', clockKind: 'state_due', clockLabel: 'triage due within 30m' });
  });
});
