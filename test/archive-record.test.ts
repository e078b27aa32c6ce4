import { expect } from 'chai';
import { loadCalendars } from '../src/sla/load-calendars';
import { closedTicketRecord } from '../src/ticket/closed-ticket-record';
import { TicketEngine } from '../src/ticket/engine';
import { ticketFacts } from '../src/report/ticket-facts';
import { recordOf, simpleRecord } from './helpers/archive-records';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import type { BusinessCalendar } from '../src/sla/business-calendar';

// Fixtures are built in `beforeEach`, never while mocha loads the file (see test/helpers/per-test.ts).
let officeHours: BusinessCalendar;
// Berlin is UTC+1 in early March 2026 (summer time starts on the 29th).
const berlin = (local: string): string => new Date(`${local}+01:00`).toISOString();

describe('closed-ticket record (pure, from the engine)', () => {
  beforeEach(() => {
    officeHours = loadCalendars().get('office-hours')!;
  });

  describe('a ticket across a weekend on office hours: wait, breach, escalation, absence', () => {
    // Fri 6 Mar 16:00 opened (P2) -> 16:30 accepted -> 16:45 asks the customer -> Mon 08:30 the
    // customer calls -> 09:00 replies -> 09:45 the L1 due date (1 business hour) passes: escalated
    // to L2 -> clara, 10:00 clara absent -> dirk, 10:30 priority P1, 11:00 resolved.
    let record: ReturnType<typeof recordOf>;
    beforeEach(() => {
      record = recordOf(
        [
          { at: berlin('2026-03-06T16:01:00'), assign: 'anna' },
          { at: berlin('2026-03-06T16:30:00'), event: { type: 'ACCEPT', actor: 'anna' } },
          { at: berlin('2026-03-06T16:45:00'), event: { type: 'ASK_CUSTOMER', actor: 'anna' } },
          { at: berlin('2026-03-09T08:30:00'), contact: 'phone' },
          { at: berlin('2026-03-09T09:00:00'), event: { type: 'CUSTOMER_REPLIED', actor: 'customer' } },
          { at: berlin('2026-03-09T09:45:00'), fire: true },
          { at: berlin('2026-03-09T09:46:00'), assign: 'clara', reason: 'escalation' },
          { at: berlin('2026-03-09T10:00:00'), absent: 'clara', replacement: 'dirk' },
          { at: berlin('2026-03-09T10:30:00'), priority: 'P1' },
          { at: berlin('2026-03-09T11:00:00'), event: { type: 'RESOLVE', data: { resolution: 'DNS fixed' }, actor: 'dirk' } },
        ],
        { openedAt: berlin('2026-03-06T16:00:00'), calendar: officeHours, number: 'SOP-WEEKEND' },
      );
    });

    it('names the ticket, its flow, priorities and instants', () => {
      expect(record).to.include({ number: 'SOP-WEEKEND', channel: 'email', finalState: 'resolved', lastTier: 'L2', lastWorkingState: 'l2_diagnosis', assignee: 'dirk', solvedAtL1: false });
      expect(record.flow).to.deep.equal({ id: 'escalation-test', version: 1, hash: 'test', title: 'Escalation test' });
      expect(record.calendar).to.deep.equal({ name: 'office-hours', timezone: 'Europe/Berlin' });
      expect(record.priority).to.deep.equal({ initial: 'P2', final: 'P1' });
      expect([record.openedAt, record.firstResponseAt, record.closedAt]).to.deep.equal([berlin('2026-03-06T16:00:00'), berlin('2026-03-06T16:30:00'), berlin('2026-03-09T11:00:00')]);
      expect([record.openedBusinessDay, record.closedBusinessDay]).to.deep.equal(['2026-03-06', '2026-03-09']);
    });

    it('counts time to resolve in business minutes of the calendar and in calendar minutes', () => {
      // Business: Fri 16:00-17:00 (60) + Mon 08:00-11:00 (180). Calendar: Fri 16:00 -> Mon 11:00 = 67 h.
      expect(record.timeToResolve).to.deep.equal({ businessMinutes: 240, calendarMinutes: 67 * 60 });
    });

    it('lists the states visited in order with the time spent in each, and the tiers worked', () => {
      expect(record.stays.map((stay) => [stay.state, stay.tier ?? '-', stay.businessMinutes, stay.calendarMinutes])).to.deep.equal([
        ['intake', 'L1', 30, 30],
        ['l1_triage', 'L1', 15, 15],
        // Fri 16:45-17:00 and Mon 08:00-09:00 are working time; Fri 16:45 -> Mon 09:00 is 64 h 15 min.
        ['waiting_customer', '-', 75, 64 * 60 + 15],
        ['l1_triage', 'L1', 45, 45],
        ['l2_diagnosis', 'L2', 75, 75],
      ]);
      expect(record.tiers.map((stay) => [stay.tier, stay.businessMinutes, stay.calendarMinutes])).to.deep.equal([
        ['L1', 45, 45],
        ['L1', 45, 45],
        ['L2', 75, 75],
      ]);
    });

    it("records every clock's target, elapsed and paused time and outcome; clocks without a target apart", () => {
      expect(record.clocks.map((clock) => [clock.id, clock.targetMinutes, clock.elapsedMinutes, clock.pausedMinutes, clock.outcome, clock.breachedAt ?? '-', clock.overrunMinutes])).to.deep.equal([
        // P1 now: 8 h. It ran 30 + 15 + 45 + 75 business minutes and was paused for the 75 of the wait.
        ['resolution', 480, 165, 75, 'met', '-', 0],
        // 1 h: 15 min on Friday, 45 on Monday after the wait; due at Mon 09:45 and escalated then.
        ['l1_triage', 60, 60, 75, 'breached', berlin('2026-03-09T09:45:00'), 0],
        // 4 h at P2, 2 h once P1: 75 minutes used.
        ['l2_diagnosis', 120, 75, 0, 'met', '-', 0],
      ]);
      expect(record.untimedClocks).to.deep.equal(['first_response', 'intake']);
    });

    it('records the escalation (automatic, on the breach), the hand-over gap, and reassignments with their reason', () => {
      expect(record.escalations).to.have.length(1);
      expect(record.escalations[0]).to.include({ fromState: 'l1_triage', toState: 'l2_diagnosis', fromTier: 'L1', toTier: 'L2', actor: 'sla', automatic: true, at: berlin('2026-03-09T09:45:00') });
      expect(record.escalations[0]!.reason).to.match(/^SLA breached: /);
      expect(record.deescalations).to.deep.equal([]);
      expect(record.handovers).to.deep.equal([
        { at: berlin('2026-03-09T09:45:00'), fromTier: 'L1', toTier: 'L2', firstActionAt: berlin('2026-03-09T11:00:00'), gap: { businessMinutes: 75, calendarMinutes: 75 } },
      ]);
      expect(record.reassignments.map((change) => [change.from, change.to, change.reason])).to.deep.equal([
        ['anna', 'clara', 'escalation'],
        ['clara', 'dirk', 'absence'],
      ]);
      expect(record.assignments.map((entry) => entry.agent)).to.deep.equal(['anna', 'clara', 'dirk']);
    });

    it('records customer messages and keeps the full timeline', () => {
      expect(record.customerMessages).to.deep.equal([{ at: berlin('2026-03-09T08:30:00'), channel: 'phone' }]);
      expect(record.timeline.map((entry) => entry.seq)).to.deep.equal(record.timeline.map((_, index) => index + 1));
      expect(record.timeline.some((entry) => entry.kind === 'sla_breached')).to.equal(true);
    });

    it('gives reports their facts: not the same day, not solved at L1, escalated L1 -> L2 once', () => {
      const facts = ticketFacts(record);
      expect(facts).to.include({ sameDay: false, solvedAtL1: false, escalatedL1toL2: true, escalatedL2toL3: false, workedL1: true, workedL2: true, customerMessages: 1, week: '2026-W11', tier: 'L2', agent: 'dirk' });
      expect(facts.tierBusinessMin).to.deep.equal({ L1: 90, L2: 75 });
      expect(facts.handoverL1L2).to.deep.equal({ businessMin: 75, calendarMin: 75 });
      expect(facts.reassignments).to.deep.equal({ escalation: 1, absence: 1 });
      expect(facts.clocks.map((clock) => [clock.clock, clock.met])).to.deep.equal([['resolution', true], ['due:l1_triage', false], ['due:l2_diagnosis', true]]);
    });
  });

  it('a ticket solved at L1 the same day', () => {
    const record = simpleRecord('SOP-QUICK', '2026-03-02T09:00:00Z', 30);
    expect(record.solvedAtL1).to.equal(true);
    expect(record.timeToResolve).to.deep.equal({ businessMinutes: 30, calendarMinutes: 30 });
    expect(record.stays.map((stay) => [stay.state, stay.businessMinutes])).to.deep.equal([['intake', 10], ['l1_triage', 20]]);
    expect(record.clocks.map((clock) => [clock.id, clock.elapsedMinutes, clock.outcome])).to.deep.equal([['resolution', 30, 'met'], ['l1_triage', 20, 'met']]);
    expect(record.escalations).to.deep.equal([]);
    expect(ticketFacts(record)).to.include({ sameDay: true, solvedAtL1: true, escalatedL1toL2: false });
  });

  it('opened on Saturday and closed on Monday morning is the same business day', () => {
    const record = recordOf(
      [
        { at: berlin('2026-03-09T08:10:00'), event: { type: 'ACCEPT' } },
        { at: berlin('2026-03-09T08:40:00'), event: { type: 'RESOLVE', data: { resolution: 'x' } } },
      ],
      { openedAt: berlin('2026-03-07T10:00:00'), calendar: officeHours },
    );
    expect([record.openedBusinessDay, record.closedBusinessDay]).to.deep.equal(['2026-03-09', '2026-03-09']);
    expect(record.timeToResolve.businessMinutes).to.equal(40);
    expect(record.timeToResolve.calendarMinutes).to.equal(2 * 24 * 60 - 120 + 40);
  });

  it('tells escalations from de-escalations, also across a wait', () => {
    const flow = flowFromYaml(
      ESCALATION_FLOW.replace('on: { RESOLVE: resolved, ESCALATE: l3_provider }', 'on: { RESOLVE: resolved, ESCALATE: l3_provider, BACK: { target: l1_triage, deescalate: true }, ASK_CUSTOMER: waiting_l2 }')
        .replace('  l3_provider:', '  waiting_l2: { waiting: true, on: { CUSTOMER_REPLIED: l2_diagnosis } }\n  l3_provider:')
        .replace('  VERIFIED:', '  BACK: {}\n  VERIFIED:'),
    );
    const record = recordOf(
      [
        { at: '2026-03-02T09:05:00Z', event: { type: 'ACCEPT' } },
        { at: '2026-03-02T09:10:00Z', event: { type: 'ESCALATE', data: { reason: 'needs L2' }, actor: 'anna' } },
        { at: '2026-03-02T09:20:00Z', event: { type: 'ASK_CUSTOMER' } },
        { at: '2026-03-02T09:40:00Z', event: { type: 'CUSTOMER_REPLIED' } },
        { at: '2026-03-02T09:50:00Z', event: { type: 'BACK' } },
        { at: '2026-03-02T10:00:00Z', event: { type: 'RESOLVE', data: { resolution: 'x' } } },
      ],
      { flow },
    );
    expect(record.escalations.map((move) => [move.fromTier, move.toTier, move.reason, move.automatic])).to.deep.equal([['L1', 'L2', 'needs L2', false]]);
    expect(record.deescalations.map((move) => [move.fromState, move.toState])).to.deep.equal([['l2_diagnosis', 'l1_triage']]);
    // The first L2 action after the escalation is asking the customer, 10 minutes later.
    expect(record.handovers[0]!.gap).to.deep.equal({ businessMinutes: 10, calendarMinutes: 10 });
    expect(record.solvedAtL1).to.equal(false);
  });

  it('refuses to describe a ticket that is still open', () => {
    const flow = flowFromYaml(ESCALATION_FLOW);
    const ticket = { number: 'SOP-OPEN', customer: { id: 'C' }, channel: 'phone', subject: 's', priority: 'P2', topic: 't', fields: {} };
    const { engine } = TicketEngine.open(flow, officeHours, ticket, Date.parse('2026-03-02T09:00:00Z'));
    expect(() => closedTicketRecord({ flow, calendar: officeHours, ticket, carried: engine.carry() })).to.throw("ticket SOP-OPEN is not closed: it is in state 'intake'");
  });
});
