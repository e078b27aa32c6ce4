import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { closedTicketRecord } from '../src/ticket/closed-ticket-record';
import type { ClosedTicketRecord } from '../src/ticket/closed-ticket-record';
import { TicketEngine } from '../src/ticket/engine';
import type { CarriedTicketState } from '../src/ticket/engine';
import type { TicketInfo } from '../src/ticket/types';
import { flowFromYaml } from './helpers/flow-fixtures';
import { MIN, HOUR, DAY, iso } from './helpers/time-units';

/*
 * The closed-ticket record at the edges of its rules, on a flow none of the other record tests
 * use: an escalation straight out of the initial state, a de-escalation across a wait, two
 * escalations to the same tier, `after:` timers that escalate, a first-response target for one
 * priority only and no resolution target, a ticket closed from a wait. Expected values are worked
 * out by hand from the steps (24x7, so business and calendar minutes agree) and the flow below.
 */

/**
 * `front` (L1) -> `expert` (L2) -> `vendor` (L3), each tier's timer moving the ticket up; a
 * waiting state that returns to L1 only (so no move from a wait into L2) and closes after a day.
 * P1 has a 1h first-response target; P2 has no target at all; no state has a due date.
 */
const EDGES_FLOW = `
id: record-edges
version: 2
title: Record edges
calendar: 24x7
priorities: [P1, P2]
sla:
  first_response: { P1: 1h }
events:
  ESCALATE: { fields: { reason: { type: text } } }
  BACK: {}
  ASK: {}
  REPLY: {}
  DONE: {}
states:
  front:
    tier: L1
    on: { ESCALATE: expert, ASK: waiting, DONE: done }
    after: { 3h: expert }
  expert:
    tier: L2
    on: { BACK: { target: front, deescalate: true }, ASK: waiting, DONE: done }
    after: { 2h: vendor }
  vendor:
    tier: L3
    on: { DONE: done }
  waiting:
    waiting: true
    on: { REPLY: front }
    after: { 1d: closed }
  done: { title: Done, final: true }
  closed: { title: Closed, final: true }
`;

const NOW = Date.UTC(2026, 10, 23, 9, 0);

describe('closed-ticket record at the edges of its rules', () => {
  let flow: FlowDefinition;
  let ticket: TicketInfo;

  beforeEach(() => {
    flow = flowFromYaml(EDGES_FLOW);
    ticket = { number: 'R-1', customer: { id: 'c-7' }, channel: 'phone', subject: 'Printer', priority: 'P2', topic: flow.id, fields: {} };
  });

  function open(priority = 'P2'): TicketEngine {
    return TicketEngine.open(flow, CALENDAR_24X7, { ...ticket, priority }, NOW).engine;
  }

  function recordOf(engine: TicketEngine, carried: CarriedTicketState = engine.carry(), info: TicketInfo = ticket): ClosedTicketRecord {
    return closedTicketRecord({ flow, calendar: CALENDAR_24X7, ticket: info, carried });
  }

  it('records an escalation straight out of the initial state, with its hand-over to the first L2 action', () => {
    const engine = open();
    engine.send({ type: 'ESCALATE', data: { reason: 'vendor bug' }, actor: 'ann' }, NOW + 20 * MIN);
    engine.send({ type: 'DONE', actor: 'bob' }, NOW + 50 * MIN);
    const record = recordOf(engine);
    expect(record.escalations).to.deep.equal([
      { at: iso(NOW + 20 * MIN), fromState: 'front', toState: 'expert', fromTier: 'L1', toTier: 'L2', event: 'ESCALATE', actor: 'ann', reason: 'vendor bug', automatic: false },
    ]);
    expect(record.handovers).to.deep.equal([
      { at: iso(NOW + 20 * MIN), fromTier: 'L1', toTier: 'L2', firstActionAt: iso(NOW + 50 * MIN), gap: { businessMinutes: 30, calendarMinutes: 30 } },
    ]);
    expect(record).to.deep.include({ finalState: 'done', finalStateTitle: 'Done', lastTier: 'L2', lastWorkingState: 'expert', solvedAtL1: false });
  });

  it('compares a de-escalation across a wait with the working state left before it; a wait has no tier', () => {
    // 0:10 up to expert (nobody named, no reason), 0:40 expert asks, 1:40 the reply takes it to
    // front (L1), 2:10 done. The wait is the customer's: the L1 time is split in two.
    const engine = open();
    engine.send({ type: 'ESCALATE' }, NOW + 10 * MIN);
    engine.send({ type: 'ASK' }, NOW + 40 * MIN);
    engine.send({ type: 'REPLY' }, NOW + 100 * MIN);
    engine.send({ type: 'DONE' }, NOW + 130 * MIN);
    const record = recordOf(engine);
    expect(record.stays).to.deep.equal([
      { state: 'front', kind: 'working', tier: 'L1', enteredAt: iso(NOW), leftAt: iso(NOW + 10 * MIN), businessMinutes: 10, calendarMinutes: 10 },
      { state: 'expert', kind: 'working', tier: 'L2', enteredAt: iso(NOW + 10 * MIN), leftAt: iso(NOW + 40 * MIN), businessMinutes: 30, calendarMinutes: 30 },
      { state: 'waiting', kind: 'waiting', enteredAt: iso(NOW + 40 * MIN), leftAt: iso(NOW + 100 * MIN), businessMinutes: 60, calendarMinutes: 60 },
      { state: 'front', kind: 'working', tier: 'L1', enteredAt: iso(NOW + 100 * MIN), leftAt: iso(NOW + 130 * MIN), businessMinutes: 30, calendarMinutes: 30 },
    ]);
    expect(record.tiers.map((stay) => [stay.tier, stay.enteredAt, stay.leftAt, stay.calendarMinutes])).to.deep.equal([
      ['L1', iso(NOW), iso(NOW + 10 * MIN), 10],
      ['L2', iso(NOW + 10 * MIN), iso(NOW + 40 * MIN), 30],
      ['L1', iso(NOW + 100 * MIN), iso(NOW + 130 * MIN), 30],
    ]);
    // No actor and no reason were given: the moves carry neither key.
    expect(record.escalations).to.deep.equal([
      { at: iso(NOW + 10 * MIN), fromState: 'front', toState: 'expert', fromTier: 'L1', toTier: 'L2', event: 'ESCALATE', automatic: false },
    ]);
    expect(record.deescalations).to.deep.equal([
      { at: iso(NOW + 100 * MIN), fromState: 'expert', toState: 'front', fromTier: 'L2', toTier: 'L1', event: 'REPLY', automatic: false },
    ]);
    // Asking the customer is the first L2 action, 30 minutes after the escalation.
    expect(record.handovers).to.deep.equal([
      { at: iso(NOW + 10 * MIN), fromTier: 'L1', toTier: 'L2', firstActionAt: iso(NOW + 40 * MIN), gap: { businessMinutes: 30, calendarMinutes: 30 } },
    ]);
    expect(record).to.deep.include({ lastTier: 'L1', lastWorkingState: 'front', solvedAtL1: false });
  });

  it('gives each of two escalations to L2 its own first action, and lists an untimed state visited twice once', () => {
    // 0:10 up, 0:30 back to L1, 1:00 up again, 1:40 done: each hand-over ends at the next L2 move.
    const engine = open();
    engine.send({ type: 'ESCALATE', actor: 'ann' }, NOW + 10 * MIN);
    engine.send({ type: 'BACK', actor: 'eve' }, NOW + 30 * MIN);
    engine.send({ type: 'ESCALATE', actor: 'ann' }, NOW + 60 * MIN);
    engine.send({ type: 'DONE', actor: 'eve' }, NOW + 100 * MIN);
    const record = recordOf(engine);
    expect(record.handovers).to.deep.equal([
      { at: iso(NOW + 10 * MIN), fromTier: 'L1', toTier: 'L2', firstActionAt: iso(NOW + 30 * MIN), gap: { businessMinutes: 20, calendarMinutes: 20 } },
      { at: iso(NOW + 60 * MIN), fromTier: 'L1', toTier: 'L2', firstActionAt: iso(NOW + 100 * MIN), gap: { businessMinutes: 40, calendarMinutes: 40 } },
    ]);
    expect(record.escalations.map((move) => [move.at, move.fromState, move.toState])).to.deep.equal([
      [iso(NOW + 10 * MIN), 'front', 'expert'],
      [iso(NOW + 60 * MIN), 'front', 'expert'],
    ]);
    expect(record.deescalations.map((move) => [move.at, move.fromState, move.toState, move.actor])).to.deep.equal([[iso(NOW + 30 * MIN), 'expert', 'front', 'eve']]);
    // P2 has no ticket-wide target and no state has a due date: no clock ran at all.
    expect(record.clocks).to.deep.equal([]);
    expect(record.untimedClocks).to.deep.equal(['first_response', 'resolution', 'front', 'expert']);
  });

  it('counts escalations by `after:` timers as automatic, and a timer moving the ticket on as nobody’s first action', () => {
    // 3:00 front's timer takes it to expert, 5:00 expert's timer to vendor, 6:00 vera closes it.
    const engine = open();
    engine.fireDue(NOW + 3 * HOUR);
    engine.fireDue(NOW + 5 * HOUR);
    engine.send({ type: 'DONE', actor: 'vera' }, NOW + 6 * HOUR);
    const record = recordOf(engine);
    expect(record.escalations.map((move) => [move.at, move.fromState, move.toState, move.fromTier, move.toTier, move.actor, move.automatic])).to.deep.equal([
      [iso(NOW + 3 * HOUR), 'front', 'expert', 'L1', 'L2', 'timer', true],
      [iso(NOW + 5 * HOUR), 'expert', 'vendor', 'L2', 'L3', 'timer', true],
    ]);
    // L2 never acted (its timer moved the ticket on); L3 acted an hour after it got the ticket.
    expect(record.handovers).to.deep.equal([
      { at: iso(NOW + 3 * HOUR), fromTier: 'L1', toTier: 'L2' },
      { at: iso(NOW + 5 * HOUR), fromTier: 'L2', toTier: 'L3', firstActionAt: iso(NOW + 6 * HOUR), gap: { businessMinutes: 60, calendarMinutes: 60 } },
    ]);
    expect(record.tiers.map((stay) => [stay.tier, stay.calendarMinutes])).to.deep.equal([
      ['L1', 180],
      ['L2', 120],
      ['L3', 60],
    ]);
  });

  it('keeps the first-response clock of a priority that has a target, and lists the missing resolution target apart', () => {
    // P1: first response within 1h, met when the ticket left `front` after 20 minutes.
    const engine = open('P1');
    engine.send({ type: 'ESCALATE', actor: 'ann' }, NOW + 20 * MIN);
    engine.send({ type: 'DONE', actor: 'bob' }, NOW + 50 * MIN);
    const record = recordOf(engine, engine.carry(), { ...ticket, priority: 'P1' });
    expect(record.clocks).to.deep.equal([
      { id: 'first_response', kind: 'first_response', targetMinutes: 60, elapsedMinutes: 20, pausedMinutes: 0, outcome: 'met', overrunMinutes: 0 },
    ]);
    expect(record.untimedClocks).to.deep.equal(['resolution', 'front', 'expert']);
    expect(record).to.deep.include({ priority: { initial: 'P1', final: 'P1' }, firstResponseAt: iso(NOW + 20 * MIN) });
  });

  it('records a first response given after its due instant, before its breach fired, as breached by the minutes it ran over', () => {
    const engine = open('P1');
    engine.send({ type: 'ESCALATE', actor: 'ann' }, NOW + 90 * MIN);
    engine.send({ type: 'DONE', actor: 'bob' }, NOW + 100 * MIN);
    const carried = engine.carry();
    expect(carried.clocks.fired).to.deep.equal([]);
    expect(recordOf(engine, carried, { ...ticket, priority: 'P1' }).clocks).to.deep.equal([
      { id: 'first_response', kind: 'first_response', targetMinutes: 60, elapsedMinutes: 90, pausedMinutes: 0, outcome: 'breached', breachedAt: iso(NOW + 60 * MIN), overrunMinutes: 30 },
    ]);
  });

  it('takes the initial priority from the opening in the timeline, and from the ticket only when the timeline has none', () => {
    const engine = open('P2');
    engine.send({ type: 'ESCALATE' }, NOW + 20 * MIN);
    engine.send({ type: 'DONE' }, NOW + 50 * MIN);
    // The ticket as a later caller might hold it, at P1: the timeline says the ticket opened at P2,
    // and P2 has no first-response target.
    const record = recordOf(engine, engine.carry(), { ...ticket, priority: 'P1' });
    expect(record.priority).to.deep.equal({ initial: 'P2', final: 'P2' });
    expect(record.untimedClocks).to.deep.equal(['first_response', 'resolution', 'front', 'expert']);
    // A timeline written before the opening kept its priority: the ticket's is all there is.
    const carried = engine.carry();
    const created = carried.timeline.find((entry) => entry.kind === 'created')!;
    carried.timeline = [{ ...created, data: { subject: 'Printer' } }, ...carried.timeline.filter((entry) => entry !== created)];
    expect(recordOf(engine, carried, { ...ticket, priority: 'P1' }).priority).to.deep.equal({ initial: 'P1', final: 'P2' });
  });

  it('a ticket opened at L2 and handed down to L1 never escalated, yet was not solved at L1', () => {
    // The same flow starting in `expert`: 0:30 handed back to front, 0:45 done.
    flow = flowFromYaml(EDGES_FLOW.replace('priorities: [P1, P2]', 'priorities: [P1, P2]\ninitial: expert'));
    const engine = open();
    engine.send({ type: 'BACK', actor: 'eve' }, NOW + 30 * MIN);
    engine.send({ type: 'DONE', actor: 'ann' }, NOW + 45 * MIN);
    const record = recordOf(engine);
    expect(record.escalations).to.deep.equal([]);
    expect(record.handovers).to.deep.equal([]);
    expect(record.deescalations).to.deep.equal([
      { at: iso(NOW + 30 * MIN), fromState: 'expert', toState: 'front', fromTier: 'L2', toTier: 'L1', event: 'BACK', actor: 'eve', automatic: false },
    ]);
    expect(record.tiers.map((stay) => [stay.tier, stay.calendarMinutes])).to.deep.equal([
      ['L2', 30],
      ['L1', 15],
    ]);
    expect(record).to.deep.include({ lastTier: 'L1', lastWorkingState: 'front', solvedAtL1: false });
  });

  it('a ticket closed from a wait by its timer: the last working state is the one before the wait', () => {
    // 0:10 front asks, a day later the wait's timer closes the ticket.
    const engine = open();
    engine.send({ type: 'ASK', actor: 'ann' }, NOW + 10 * MIN);
    engine.fireDue(NOW + 10 * MIN + DAY);
    const record = recordOf(engine);
    expect(record).to.deep.include({
      finalState: 'closed',
      finalStateTitle: 'Closed',
      closedAt: iso(NOW + 10 * MIN + DAY),
      lastTier: 'L1',
      lastWorkingState: 'front',
      solvedAtL1: true,
      timeToResolve: { businessMinutes: 10 + 24 * 60, calendarMinutes: 10 + 24 * 60 },
    });
    expect(record.stays.map((stay) => [stay.state, stay.kind, stay.calendarMinutes])).to.deep.equal([
      ['front', 'working', 10],
      ['waiting', 'waiting', 24 * 60],
    ]);
    expect(record.untimedClocks).to.deep.equal(['first_response', 'resolution', 'front']);
  });
});
