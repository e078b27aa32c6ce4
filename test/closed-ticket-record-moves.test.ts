import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { closedTicketRecord } from '../src/ticket/closed-ticket-record';
import type { ClosedTicketRecord } from '../src/ticket/closed-ticket-record';
import { TicketEngine } from '../src/ticket/engine';
import type { CarriedTicketState } from '../src/ticket/engine';
import type { TicketInfo } from '../src/ticket/types';
import { ACTIONS_FLOW, ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { MIN, HOUR, iso } from './helpers/time-units';

/*
 * The closed-ticket record of tickets driven on the pure engine through the flow's own timers and
 * actions (ACTIONS_FLOW in test/helpers/flow-fixtures.ts, 24x7): a timer leaving the initial
 * state, self-transitions that are no moves, an escalation by hand and a de-escalation, each
 * kind of reassignment, a state clock that breached and ran on (`on_breach: notify`). Expected
 * values are worked out by hand from the steps and the flow (P2: resolution 12h, `triage` 2h).
 */

const NOW = Date.UTC(2026, 10, 23, 9, 0);

describe('closed-ticket record of a flow’s timers, moves and hand changes', () => {
  let flow: FlowDefinition;
  let ticket: TicketInfo;

  beforeEach(() => {
    flow = flowFromYaml(ACTIONS_FLOW);
    ticket = { number: 'E-9', customer: { id: 'c-2' }, channel: 'mail', subject: 'Modem', priority: 'P2', topic: flow.id, fields: {} };
  });

  function recordOf(engine: TicketEngine, carried: CarriedTicketState = engine.carry()): ClosedTicketRecord {
    return closedTicketRecord({ flow, calendar: CALENDAR_24X7, ticket, carried });
  }

  /**
   * 0:00 opened, 0:01 zoe picked; 3:00 the intake timer moves to triage; 3:10 a nudge (self);
   * 3:20 the customer writes in the portal; 3:30 zoe escalates to `second` (L2); 3:31 ulf picked
   * for the escalation; 3:40 ina assigned by hand; 4:00 ulf hands back to triage (L1); 4:01 zoe
   * picked for the hand-over; triage's second clock warns at 5:00 and breaches at 6:00 (notify
   * only); 6:30 zoe closes it.
   */
  function travelled(): TicketEngine {
    const { engine } = TicketEngine.open(flow, CALENDAR_24X7, ticket, NOW);
    engine.recordAssignment('zoe', 'L1', 'new ticket', NOW + MIN);
    engine.fireDue(NOW + 3 * HOUR);
    engine.send({ type: 'NUDGE', actor: 'zoe' }, NOW + 3 * HOUR + 10 * MIN);
    engine.customerMessage({ text: 'any news?', channel: 'portal' }, NOW + 3 * HOUR + 20 * MIN);
    engine.send({ type: 'ESCALATE', data: { reason: 'needs network' }, actor: 'zoe' }, NOW + 3 * HOUR + 30 * MIN);
    engine.recordAssignment('ulf', 'L2', 'escalation', NOW + 3 * HOUR + 31 * MIN);
    engine.assignByHand({ agent: 'ina', actor: 'lead' }, NOW + 3 * HOUR + 40 * MIN);
    engine.send({ type: 'BACK', actor: 'ulf' }, NOW + 4 * HOUR);
    engine.recordAssignment('zoe', 'L1', 'handover', NOW + 4 * HOUR + MIN);
    engine.fireDue(NOW + 6 * HOUR + 30 * MIN);
    engine.send({ type: 'DONE', actor: 'zoe' }, NOW + 6 * HOUR + 30 * MIN);
    return engine;
  }

  it('names the ticket and its instants; the first response is the timer leaving the initial state', () => {
    const record = recordOf(travelled());
    expect(record).to.deep.include({
      number: 'E-9',
      channel: 'mail',
      customer: { id: 'c-2' },
      priority: { initial: 'P2', final: 'P2' },
      openedAt: iso(NOW),
      firstResponseAt: iso(NOW + 3 * HOUR),
      closedAt: iso(NOW + 6 * HOUR + 30 * MIN),
      finalState: 'done',
      finalStateTitle: 'Done',
      lastTier: 'L1',
      lastWorkingState: 'triage',
      assignee: 'zoe',
      timeToResolve: { businessMinutes: 390, calendarMinutes: 390 },
      openedBusinessDay: '2026-11-23',
      closedBusinessDay: '2026-11-23',
      solvedAtL1: false,
    });
  });

  it('lists the stays without the self-transitions, and joins consecutive stays at one tier', () => {
    const record = recordOf(travelled());
    expect(record.stays).to.deep.equal([
      { state: 'intake', kind: 'working', tier: 'L1', enteredAt: iso(NOW), leftAt: iso(NOW + 3 * HOUR), businessMinutes: 180, calendarMinutes: 180 },
      { state: 'triage', kind: 'working', tier: 'L1', enteredAt: iso(NOW + 3 * HOUR), leftAt: iso(NOW + 3 * HOUR + 30 * MIN), businessMinutes: 30, calendarMinutes: 30 },
      { state: 'second', kind: 'working', tier: 'L2', enteredAt: iso(NOW + 3 * HOUR + 30 * MIN), leftAt: iso(NOW + 4 * HOUR), businessMinutes: 30, calendarMinutes: 30 },
      { state: 'triage', kind: 'working', tier: 'L1', enteredAt: iso(NOW + 4 * HOUR), leftAt: iso(NOW + 6 * HOUR + 30 * MIN), businessMinutes: 150, calendarMinutes: 150 },
    ]);
    expect(record.tiers).to.deep.equal([
      { tier: 'L1', enteredAt: iso(NOW), leftAt: iso(NOW + 3 * HOUR + 30 * MIN), businessMinutes: 210, calendarMinutes: 210 },
      { tier: 'L2', enteredAt: iso(NOW + 3 * HOUR + 30 * MIN), leftAt: iso(NOW + 4 * HOUR), businessMinutes: 30, calendarMinutes: 30 },
      { tier: 'L1', enteredAt: iso(NOW + 4 * HOUR), leftAt: iso(NOW + 6 * HOUR + 30 * MIN), businessMinutes: 150, calendarMinutes: 150 },
    ]);
  });

  it('records a breach that did not stop its clock with the minutes it ran over; untimed states apart', () => {
    const record = recordOf(travelled());
    expect(record.clocks).to.deep.equal([
      { id: 'resolution', kind: 'resolution', targetMinutes: 720, elapsedMinutes: 390, pausedMinutes: 0, outcome: 'met', overrunMinutes: 0 },
      { id: 'triage', kind: 'state_due', state: 'triage', targetMinutes: 120, elapsedMinutes: 30, pausedMinutes: 0, outcome: 'met', overrunMinutes: 0 },
      // Entered again at 4:00, due 6:00, still running at 6:30.
      { id: 'triage#2', kind: 'state_due', state: 'triage', targetMinutes: 120, elapsedMinutes: 150, pausedMinutes: 0, outcome: 'breached', breachedAt: iso(NOW + 6 * HOUR), overrunMinutes: 30 },
    ]);
    // No first-response target in this flow; `intake` and `second` have no due date (each listed once).
    expect(record.untimedClocks).to.deep.equal(['first_response', 'intake', 'second']);
  });

  it('records the escalation by hand with its reason, the de-escalation, and the new tier’s first action', () => {
    const record = recordOf(travelled());
    expect(record.escalations).to.deep.equal([
      { at: iso(NOW + 3 * HOUR + 30 * MIN), fromState: 'triage', toState: 'second', fromTier: 'L1', toTier: 'L2', event: 'ESCALATE', actor: 'zoe', reason: 'needs network', automatic: false },
    ]);
    expect(record.deescalations).to.deep.equal([
      { at: iso(NOW + 4 * HOUR), fromState: 'second', toState: 'triage', fromTier: 'L2', toTier: 'L1', event: 'BACK', actor: 'ulf', automatic: false },
    ]);
    expect(record.handovers).to.deep.equal([
      { at: iso(NOW + 3 * HOUR + 30 * MIN), fromTier: 'L1', toTier: 'L2', firstActionAt: iso(NOW + 4 * HOUR), gap: { businessMinutes: 30, calendarMinutes: 30 } },
    ]);
  });

  it('tells reassignments by escalation, by hand and at a hand-over apart, and keeps the customer’s portal message', () => {
    const record = recordOf(travelled());
    expect(record.assignments).to.deep.equal([
      { at: iso(NOW + MIN), agent: 'zoe', reason: 'new ticket' },
      { at: iso(NOW + 3 * HOUR + 31 * MIN), agent: 'ulf', reason: 'escalation' },
      { at: iso(NOW + 3 * HOUR + 40 * MIN), agent: 'ina', reason: 'assigned by hand' },
      { at: iso(NOW + 4 * HOUR + MIN), agent: 'zoe', reason: 'handover' },
    ]);
    expect(record.reassignments).to.deep.equal([
      { at: iso(NOW + 3 * HOUR + 31 * MIN), from: 'zoe', to: 'ulf', reason: 'escalation', detail: 'escalation' },
      { at: iso(NOW + 3 * HOUR + 40 * MIN), from: 'ulf', to: 'ina', reason: 'by_hand', detail: 'assigned by hand' },
      { at: iso(NOW + 4 * HOUR + MIN), from: 'ina', to: 'zoe', reason: 'handover', detail: 'handover' },
    ]);
    expect(record.customerMessages).to.deep.equal([{ at: iso(NOW + 3 * HOUR + 20 * MIN), channel: 'portal' }]);
  });

  it('a ticket solved at L1 after a wait the timer ended: its customer in full, the last tier from the stays of an older run', () => {
    ticket = { ...ticket, customer: { id: 'c-3', name: 'Ada', email: 'ada@x.example', language: 'pl' } };
    const { engine } = TicketEngine.open(flow, CALENDAR_24X7, ticket, NOW);
    engine.send({ type: 'ACCEPT' }, NOW + 10 * MIN);
    engine.send({ type: 'ASK' }, NOW + 20 * MIN);
    engine.fireDue(NOW + 2 * HOUR + 20 * MIN);
    engine.changePriority({ priority: 'P1' }, NOW + 2 * HOUR + 30 * MIN);
    engine.send({ type: 'DONE' }, NOW + 2 * HOUR + 40 * MIN);
    const carried = engine.carry();
    delete carried.lastTier;
    const record = recordOf(engine, carried);
    expect(record.customer).to.deep.equal({ id: 'c-3', name: 'Ada', email: 'ada@x.example', language: 'pl' });
    expect(record.priority).to.deep.equal({ initial: 'P2', final: 'P1' });
    expect(record).to.deep.include({ firstResponseAt: iso(NOW + 10 * MIN), lastTier: 'L1', lastWorkingState: 'triage', solvedAtL1: true });
    expect(record).to.not.have.property('assignee');
    expect(record.stays.map((stay) => [stay.state, stay.kind, stay.tier ?? '-', stay.calendarMinutes])).to.deep.equal([
      ['intake', 'working', 'L1', 10],
      ['triage', 'working', 'L1', 10],
      ['waiting', 'waiting', '-', 120],
      ['triage', 'working', 'L1', 20],
    ]);
    // The wait splits the L1 time in two; no tier moved, so nothing escalated and nothing was handed over.
    expect(record.tiers.map((stay) => [stay.enteredAt, stay.leftAt])).to.deep.equal([
      [iso(NOW), iso(NOW + 20 * MIN)],
      [iso(NOW + 2 * HOUR + 20 * MIN), iso(NOW + 2 * HOUR + 40 * MIN)],
    ]);
    expect([record.escalations, record.deescalations, record.handovers, record.reassignments, record.customerMessages]).to.deep.equal([[], [], [], [], []]);
    // The timer that ended the wait is the only move not made by a person.
    expect(record.timeline.filter((entry) => entry.actor === 'timer').map((entry) => entry.to)).to.deep.equal(['triage']);
  });

  it('counts no breach moving a ticket on as the new tier’s first action (escalation flow: two breaches, then L3 resolves)', () => {
    // P2: `l1_triage` due 1h, `l2_diagnosis` due 4h; each breach takes the transition to the next tier.
    flow = flowFromYaml(ESCALATION_FLOW);
    ticket = { ...ticket, topic: flow.id };
    const { engine } = TicketEngine.open(flow, CALENDAR_24X7, ticket, NOW);
    engine.send({ type: 'ACCEPT', actor: 'zoe' }, NOW + 5 * MIN);
    engine.fireDue(NOW + HOUR + 5 * MIN);
    engine.fireDue(NOW + 5 * HOUR + 5 * MIN);
    engine.send({ type: 'RESOLVE', data: { resolution: 'patched' }, actor: 'vendor' }, NOW + 6 * HOUR);
    const record = recordOf(engine);
    expect(record.escalations.map((move) => [move.at, move.fromState, move.toState, move.actor, move.automatic, move.reason])).to.deep.equal([
      [iso(NOW + HOUR + 5 * MIN), 'l1_triage', 'l2_diagnosis', 'sla', true, 'SLA breached: L1 triage due within 1h'],
      [iso(NOW + 5 * HOUR + 5 * MIN), 'l2_diagnosis', 'l3_provider', 'sla', true, 'SLA breached: L2 diagnosis due within 4h'],
    ]);
    expect(record.handovers).to.deep.equal([
      { at: iso(NOW + HOUR + 5 * MIN), fromTier: 'L1', toTier: 'L2' },
      { at: iso(NOW + 5 * HOUR + 5 * MIN), fromTier: 'L2', toTier: 'L3', firstActionAt: iso(NOW + 6 * HOUR), gap: { businessMinutes: 55, calendarMinutes: 55 } },
    ]);
    expect(record.clocks.filter((clock) => clock.outcome === 'breached').map((clock) => [clock.id, clock.breachedAt, clock.overrunMinutes])).to.deep.equal([
      ['l1_triage', iso(NOW + HOUR + 5 * MIN), 0],
      ['l2_diagnosis', iso(NOW + 5 * HOUR + 5 * MIN), 0],
    ]);
    expect(record).to.deep.include({ lastTier: 'L3', lastWorkingState: 'l3_provider', solvedAtL1: false });
  });
});
