import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { EventRefusedError, TicketEngine } from '../src/ticket/engine';
import type { TicketInfo } from '../src/ticket/types';
import { flowFromYaml } from './helpers/flow-fixtures';
import { MIN, HOUR, iso } from './helpers/time-units';

/*
 * Details of the ticket engine that the other example tests leave open: the words of a refusal
 * with several payload problems or a failing condition, the names of its errors, timers taken in
 * due order whatever their declaration order and before a later alarm, the resolved mail of a
 * final state without mails of its own, which mails the timeline notes as the customer's, a
 * self-transition that is no first response, and a priority change to one without a target.
 * Expected values are worked out by hand from the flow below (24x7) and the README's rules.
 */

/**
 * `start` (L1) takes a self-transition, a guarded move and a payload event, and has two timers
 * declared late-first. `second` (L2) is due in 2h (warning at 50 %) with a 30m timer back to
 * `early`. P1 has a 1h first-response target; P2 has no target.
 */
const DETAILS_FLOW = `
id: engine-details
version: 4
title: Engine details
calendar: 24x7
priorities: [P1, P2]
sla:
  first_response: { P1: 1h }
  warn_at: [50]
events:
  NOTE: {}
  GO: {}
  CHECK: { fields: { ok: { type: boolean } } }
  PICK: { fields: { colour: { type: choice, required: true, choices: [red, blue] }, note: { type: text } } }
  DONE: {}
states:
  start:
    tier: L1
    on:
      NOTE: start
      GO: second
      CHECK: { target: second, when: { event: ok, equals: true } }
      PICK: early
      DONE: done
    after: { 2h: late, 1h: early }
  early: { tier: L1, on: { DONE: done } }
  late: { tier: L1, on: { DONE: done } }
  second:
    tier: L2
    sla: { due: 2h }
    on: { DONE: done }
    after: { 30m: early }
  done: { final: true }
`;

const NOW = Date.UTC(2026, 10, 23, 9, 0);

describe('details of the ticket engine', () => {
  let flow: FlowDefinition;
  let ticket: TicketInfo;

  beforeEach(() => {
    flow = flowFromYaml(DETAILS_FLOW);
    ticket = { number: 'D-3', customer: { id: 'c-5' }, channel: 'portal', subject: 'Badge', priority: 'P2', topic: flow.id, fields: {} };
  });

  function open(priority = 'P2'): TicketEngine {
    return TicketEngine.open(flow, CALENDAR_24X7, { ...ticket, priority }, NOW).engine;
  }

  function refusalOf(action: () => unknown): Error {
    try {
      action();
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a refusal');
  }

  it('names every payload problem of a refused event, undeclared fields first, joined by semicolons', () => {
    const engine = open();
    expect(engine.refusal({ type: 'PICK', data: { extra: 1, colour: 'green' } })).to.equal(
      "PICK refused: field 'extra' is not declared for PICK (declared: colour, note); field 'colour' must be one of red, blue, got 'green'",
    );
  });

  it('refuses an event whose every transition has a failing condition, in words', () => {
    const engine = open();
    expect(engine.refusal({ type: 'CHECK', data: { ok: false } })).to.equal("CHECK refused in state 'start': no condition of its transitions holds for this ticket and payload");
    expect(engine.refusal({ type: 'CHECK', data: { ok: true } })).to.equal(undefined);
  });

  it('calls its errors by their names, and refuses an assignment whose agent is no text', () => {
    const engine = open();
    const refused = refusalOf(() => engine.send({ type: 'DONE', data: { why: 'x' } }, NOW + MIN));
    expect([refused instanceof EventRefusedError, refused.name]).to.deep.equal([true, 'EventRefusedError']);
    expect(engine.assignmentRefusal({ agent: 7 as unknown as string })).to.equal('an assignment names the agent who takes the ticket');
    engine.send({ type: 'GO' }, NOW + MIN);
    engine.send({ type: 'DONE' }, NOW + 2 * MIN);
    // A customer's message to the closed ticket is refused as closed (a channel may open a linked ticket instead).
    const closed = refusalOf(() => engine.customerMessage({ text: 'thanks', channel: 'portal' }, NOW + 3 * MIN));
    expect([closed instanceof EventRefusedError, closed.name, closed.message]).to.deep.equal([true, 'TicketClosedError', "ticket D-3 is closed (state 'done')"]);
  });

  it('takes the timer due first although it was declared second', () => {
    // `start` waits 2h for `late` and 1h for `early`: at 3h the ticket is in `early`, moved at 1h.
    const engine = open();
    engine.fireDue(NOW + 3 * HOUR);
    expect(engine.stateName).to.equal('early');
    expect(engine.getTimeline().filter((entry) => entry.kind === 'transition').map((entry) => [entry.at, entry.from, entry.to, entry.actor])).to.deep.equal([
      [iso(NOW + HOUR), 'start', 'early', 'timer'],
    ]);
    expect(engine.pendingDelays()).to.deep.equal([]);
  });

  it('fires a timer due before an alarm first, even when both are due by the time it looks', () => {
    // 0:05 to `second` (due 2:05, warning at 1:05); its 30m timer moves the ticket at 0:35, so
    // the clock stops met and its warning never comes.
    const engine = open();
    engine.send({ type: 'GO' }, NOW + 5 * MIN);
    engine.fireDue(NOW + 3 * HOUR);
    expect(engine.getTimeline().slice(2).map((entry) => [entry.kind, entry.at, entry.to ?? '-'])).to.deep.equal([['transition', iso(NOW + 35 * MIN), 'early']]);
    expect(engine.status(NOW + 3 * HOUR).clocks).to.deep.equal([
      { id: 'second', kind: 'state_due', state: 'second', targetMinutes: 120, elapsedMinutes: 30, pausedMinutes: 0, status: 'met' },
    ]);
  });

  it('mails the customer `resolved` in a final state without mails of its own, and shows the flow in its status', () => {
    const engine = open();
    engine.send({ type: 'GO' }, NOW + 5 * MIN);
    expect(engine.assignByHand({ agent: 'ulf' }, NOW + 6 * MIN).tier).to.equal('L2');
    expect(engine.send({ type: 'DONE' }, NOW + 10 * MIN)).to.deep.equal([{ kind: 'notify', seq: 4, template: 'resolved', audience: 'customer', event: 'DONE' }]);
    expect(engine.status(NOW + 10 * MIN).flow).to.deep.equal({ id: 'engine-details', version: 4, hash: 'test', title: 'Engine details' });
  });

  it('notes on the timeline only the mails that go to the customer', () => {
    // Opening sends the customer `received` and asks for an L1 owner: only the mail is the customer's.
    const engine = open();
    expect(engine.getTimeline()[0]).to.deep.include({ kind: 'created', customerMessages: ['received'] });
  });

  it('does not count a self-transition in the initial state as the first response, nor drop a target the new priority lacks', () => {
    // P1: first response within 1h. A note at 0:10 stays in `start`; at 0:20 the clock still
    // runs (20 minutes). P2 has no first-response target, so the clock keeps its 1h.
    const engine = open('P1');
    engine.send({ type: 'NOTE' }, NOW + 10 * MIN);
    engine.changePriority({ priority: 'P2' }, NOW + 20 * MIN);
    const firstResponse = engine.status(NOW + 20 * MIN).clocks.find((clock) => clock.id === 'first_response');
    expect(firstResponse).to.deep.equal({ id: 'first_response', kind: 'first_response', targetMinutes: 60, elapsedMinutes: 20, pausedMinutes: 0, dueAt: iso(NOW + HOUR), status: 'ok' });
  });
});
