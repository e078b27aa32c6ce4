import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { closedTicketRecord } from '../src/ticket/closed-ticket-record';
import type { ClosedTicketRecord } from '../src/ticket/closed-ticket-record';
import { TicketEngine } from '../src/ticket/engine';
import type { CarriedTicketState } from '../src/ticket/engine';
import type { TicketInfo } from '../src/ticket/types';
import { flowFromYaml } from './helpers/flow-fixtures';
import { MIN, iso } from './helpers/time-units';

/*
 * The closed-ticket record where the other record tests do not look: a customer's reply that
 * also moves the ticket is one message, not two; a ticket that never reached a working state has
 * no last tier or working state; a timeline without its opening entry starts at its first entry
 * in the flow's initial state; a ticket that ended in a state the flow does not have is not closed.
 */

/** `desk` (L1); `waiting` moves back to the desk on the customer's reply; no SLA targets. */
const REST_FLOW = `
id: record-rest
version: 1
title: Record rest
calendar: 24x7
priorities: [P1]
events:
  ASK: {}
  REPLY: {}
  DONE: {}
states:
  desk: { tier: L1, on: { ASK: waiting, DONE: done } }
  waiting: { waiting: true, on_customer_reply: REPLY, on: { REPLY: desk, DONE: done } }
  done: { final: true }
`;

const NOW = Date.UTC(2026, 10, 23, 9, 0);

describe('closed-ticket record: replies, waiting starts, missing openings', () => {
  let flow: FlowDefinition;
  let ticket: TicketInfo;

  beforeEach(() => {
    flow = flowFromYaml(REST_FLOW);
    ticket = { number: 'Q-1', customer: { id: 'c-2' }, channel: 'mail', subject: 'Mail', priority: 'P1', topic: flow.id, fields: {} };
  });

  function recordOf(engine: TicketEngine, carried: CarriedTicketState = engine.carry(), of: FlowDefinition = flow): ClosedTicketRecord {
    return closedTicketRecord({ flow: of, calendar: CALENDAR_24X7, ticket, carried });
  }

  it('counts a reply that moved the ticket on as one customer message', () => {
    const { engine } = TicketEngine.open(flow, CALENDAR_24X7, ticket, NOW);
    engine.send({ type: 'ASK', actor: 'ann' }, NOW + 5 * MIN);
    const { replyEvent } = engine.customerMessage({ text: 'here it is', channel: 'email' }, NOW + 20 * MIN);
    expect(replyEvent).to.equal('REPLY');
    engine.send({ type: 'DONE', actor: 'ann' }, NOW + 30 * MIN);
    expect(recordOf(engine).customerMessages).to.deep.equal([{ at: iso(NOW + 20 * MIN), channel: 'email' }]);
  });

  it('has no last tier or working state when the ticket never left a waiting start', () => {
    const waitingFirst = flowFromYaml(`${REST_FLOW}initial: waiting\n`);
    const { engine } = TicketEngine.open(waitingFirst, CALENDAR_24X7, ticket, NOW);
    engine.send({ type: 'DONE', actor: 'ann' }, NOW + 10 * MIN);
    const record = recordOf(engine, engine.carry(), waitingFirst);
    expect(record.stays).to.deep.equal([{ state: 'waiting', kind: 'waiting', enteredAt: iso(NOW), leftAt: iso(NOW + 10 * MIN), businessMinutes: 10, calendarMinutes: 10 }]);
    expect(record).to.not.have.any.keys('lastTier', 'lastWorkingState');
    expect(record.solvedAtL1).to.equal(true);
  });

  it('starts a timeline without its opening entry at its first entry, in the flow’s initial state', () => {
    const { engine } = TicketEngine.open(flow, CALENDAR_24X7, ticket, NOW);
    engine.send({ type: 'DONE', actor: 'ann' }, NOW + 10 * MIN);
    const carried = engine.carry();
    carried.timeline = carried.timeline.filter((entry) => entry.kind !== 'created');
    const record = recordOf(engine, carried);
    expect(record.openedAt).to.equal(carried.timeline[0]!.at);
    expect(record.stays.map((stay) => stay.state)).to.deep.equal(['desk']);
    expect(record.firstResponseAt).to.equal(iso(NOW + 10 * MIN));
    expect(record.priority.initial).to.equal('P1');
    // An opening entry without data: the ticket's priority is the initial one.
    const bare = engine.carry();
    bare.timeline = bare.timeline.map((entry) => (entry.kind === 'created' ? { seq: entry.seq, at: entry.at, kind: entry.kind, to: entry.to! } : entry));
    expect(recordOf(engine, bare, flow).priority).to.deep.equal({ initial: 'P1', final: 'P1' });
  });

  it('counts a working state without a tier (a definition the linter would refuse) as no tier: no move, still solved at L1', () => {
    const tierless = flowFromYaml(REST_FLOW.replace('DONE: done } }\n  waiting', 'DONE: done, HAND: side } }\n  side: { on: { DONE: done } }\n  waiting').replace('  DONE: {}', '  DONE: {}\n  HAND: {}'));
    const { engine } = TicketEngine.open(tierless, CALENDAR_24X7, ticket, NOW);
    engine.send({ type: 'HAND', actor: 'ann' }, NOW + 5 * MIN);
    engine.send({ type: 'DONE', actor: 'bob' }, NOW + 10 * MIN);
    const record = recordOf(engine, engine.carry(), tierless);
    expect(record.stays.map((stay) => [stay.state, stay.tier])).to.deep.equal([['desk', 'L1'], ['side', undefined]]);
    expect(record.escalations).to.deep.equal([]);
    expect(record.deescalations).to.deep.equal([]);
    expect(record.solvedAtL1).to.equal(true);
  });

  it('counts a customer writing again about the open ticket as a message, by the channel they used', () => {
    const { engine } = TicketEngine.open(flow, CALENDAR_24X7, ticket, NOW);
    engine.contactedAgain('phone', 'Mail still broken', NOW + 15 * MIN);
    engine.send({ type: 'DONE', actor: 'ann' }, NOW + 30 * MIN);
    expect(recordOf(engine).customerMessages).to.deep.equal([{ at: iso(NOW + 15 * MIN), channel: 'phone' }]);
  });

  it('counts no tier move into a waiting state that has a tier (a definition the linter would refuse)', () => {
    const tiered = flowFromYaml(REST_FLOW.replace('waiting: { waiting: true,', 'waiting: { waiting: true, tier: L2,'));
    expect(tiered.states['waiting']?.tier).to.equal('L2');
    const { engine } = TicketEngine.open(tiered, CALENDAR_24X7, ticket, NOW);
    engine.send({ type: 'ASK', actor: 'ann' }, NOW + 5 * MIN);
    engine.send({ type: 'REPLY', actor: 'customer' }, NOW + 10 * MIN);
    engine.send({ type: 'DONE', actor: 'ann' }, NOW + 20 * MIN);
    const record = recordOf(engine, engine.carry(), tiered);
    expect(record.stays.map((stay) => stay.state)).to.deep.equal(['desk', 'waiting', 'desk']);
    expect(record.escalations).to.deep.equal([]);
    expect(record.deescalations).to.deep.equal([]);
    expect(record.handovers).to.deep.equal([]);
    // Waiting is nobody working the ticket, whatever tier the state names.
    expect(record.solvedAtL1).to.equal(true);
  });

  it('is refused for a ticket that ended in a state the flow does not have', () => {
    const { engine } = TicketEngine.open(flow, CALENDAR_24X7, ticket, NOW);
    engine.send({ type: 'DONE', actor: 'ann' }, NOW + 10 * MIN);
    const carried = engine.carry();
    carried.timeline = carried.timeline.map((entry) => (entry.kind === 'transition' ? { ...entry, to: 'archived' } : entry));
    expect(() => recordOf(engine, carried)).to.throw("ticket Q-1 is not closed: it is in state 'archived'");
  });
});
