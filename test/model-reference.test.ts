import { expect } from 'chai';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { loadCalendarsFile } from '../src/sla/load-calendars';
import { ModelTicket } from '../src/testing';
import type { Observation } from '../src/testing';
import type { FlowDefinition } from '../src/flow/definition';
import type { TicketInfo } from '../src/ticket/types';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { MIN, HOUR } from './helpers/time-units';

/*
 * The independent model that `sopflow test` compares the engine and the workflow with, checked
 * by hand against the README's rules on a small flow (ESCALATION_FLOW, 24x7, priority P2:
 * resolution 24 h warned at 75/90 %, l1_triage due 1 h warned at 50 %, l2 4 h, l3 8 h). Every
 * expected instant below is worked out from the rules, not read from the engine.
 */
let flow: FlowDefinition;
const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
const iso = (at: number): string => new Date(at).toISOString();
const ticket: TicketInfo = { number: 'T-1', customer: { id: 'C-1' }, channel: 'test', subject: 'Model', priority: 'P2', topic: 'model', fields: {} };

function expectStep(observation: Observation, expected: Partial<Observation>): void {
  expect(observation).to.deep.include(expected);
}

describe('the independent model of sopflow test (hand-checked)', () => {
  // Built per test, not while mocha loads the file: StrykerJS counts load-time code as static and
  // restarts its test process for each such mutant (see stryker.config.mjs).
  beforeEach(() => {
    flow = flowFromYaml(ESCALATION_FLOW);
  });

  it('opens a ticket: receipt to the customer, an L1 owner for a new ticket, the resolution clock due in 24 h', () => {
    const model = ModelTicket.open(flow, CALENDAR_24X7, ticket, T0);
    expectStep(model.observe(T0, false), {
      state: 'intake',
      tier: 'L1',
      slaStatus: 'ok',
      dueAt: iso(T0 + 24 * HOUR),
      notifications: ['assigned/assignee', 'received/customer'],
      assignments: ['L1'],
      assigned: ['new ticket'],
    });
  });

  it('pauses every clock while waiting and shifts each due instant by exactly the time paused; breaches escalate with every mail', () => {
    const model = ModelTicket.open(flow, CALENDAR_24X7, ticket, T0);
    model.observe(T0, false);
    model.send({ type: 'ACCEPT' }, T0);
    expectStep(model.observe(T0, false), { state: 'l1_triage', tier: 'L1', dueAt: iso(T0 + HOUR), notifications: ['status_changed/customer'], assignments: [], assigned: [] });

    model.send({ type: 'ASK_CUSTOMER' }, T0 + 20 * MIN);
    expectStep(model.observe(T0 + 20 * MIN, false), { state: 'waiting_customer', tier: 'L1', slaStatus: 'paused', notifications: ['waiting_for_you/customer'], assignments: [] });
    expect(model.observe(T0 + 20 * MIN, false).dueAt, 'no clock runs while waiting').to.equal(undefined);

    // Three hours later the customer answers: 40 minutes of l1_triage's hour are left.
    const back = T0 + 3 * HOUR + 20 * MIN;
    model.send({ type: 'CUSTOMER_REPLIED' }, back);
    expectStep(model.observe(back, false), { state: 'l1_triage', slaStatus: 'ok', dueAt: iso(back + 40 * MIN), notifications: ['status_changed/customer'], assignments: [] });
    expect(model.status(back).clocks.find((clock) => clock.kind === 'resolution')?.dueAt, 'the resolution clock moved by the 3 h paused').to.equal(iso(T0 + 27 * HOUR));

    // The due date passes: the 50 % warning (30 min run: 10 min after the reply) came first, then the breach and its escalation to L2.
    const step = model.timeStepTarget({ kind: 'sla' }, back);
    expect(step).to.equal(back + 40 * MIN + 1000);
    model.advanceTo(step!);
    expectStep(model.observe(step!, false), {
      state: 'l2_diagnosis',
      tier: 'L2',
      slaStatus: 'breached',
      dueAt: iso(back + 40 * MIN + 4 * HOUR),
      notifications: ['assigned/assignee', 'escalated/customer', 'reassigned/customer', 'sla_breached/escalation_manager', 'sla_breached/team', 'sla_warning/team'],
      assignments: ['L2'],
      assigned: ['escalation'],
    });
  });

  it('at L3 a breach tells the team and the escalation manager, and the breach action tells the manager again; resolving stops every clock', () => {
    const model = ModelTicket.open(flow, CALENDAR_24X7, ticket, T0);
    model.send({ type: 'ACCEPT' }, T0);
    model.send({ type: 'ESCALATE', data: { reason: 'x' } }, T0);
    model.send({ type: 'ESCALATE', data: { reason: 'y' } }, T0);
    model.observe(T0, false);
    const step = model.timeStepTarget({ kind: 'sla' }, T0)!;
    expect(step).to.equal(T0 + 8 * HOUR + 1000);
    model.advanceTo(step);
    expectStep(model.observe(step, false), {
      state: 'l3_provider',
      tier: 'L3',
      slaStatus: 'breached',
      // The L3 clock stays breached at its due instant; the resolution clock runs on (24 h).
      dueAt: iso(T0 + 8 * HOUR),
      notifications: ['sla_breached/escalation_manager', 'sla_breached/escalation_manager', 'sla_breached/team', 'sla_warning/team', 'sla_warning/team'],
      assignments: [],
    });
    model.send({ type: 'RESOLVE', data: { resolution: 'fixed' } }, step);
    const closed = model.observe(step, false);
    expectStep(closed, { state: 'resolved', tier: 'L3', slaStatus: 'breached', notifications: ['resolved/customer'], assignments: [] });
    expect(closed.dueAt).to.equal(undefined);
  });

  it('refuses what the rules refuse and changes nothing', () => {
    const model = ModelTicket.open(flow, CALENDAR_24X7, ticket, T0);
    model.send({ type: 'ACCEPT' }, T0);
    model.observe(T0, false);
    expect(model.send({ type: 'ESCALATE' }, T0).refusal).to.match(/missing required field reason/);
    expect(model.send({ type: 'ESCALATE', data: { reason: 7 } }, T0).refusal).to.match(/field reason is not a text/);
    expect(model.send({ type: 'ESCALATE', data: { reason: 'x', extra: 1 } }, T0).refusal).to.match(/undeclared field extra/);
    expect(model.send({ type: 'CUSTOMER_REPLIED' }, T0).refusal).to.match(/not accepted in l1_triage/);
    expect(model.send({ type: 'VERIFIED', data: { verified: false } }, T0).refusal).to.match(/no condition holds/);
    expect(model.send({ type: 'NOPE' }, T0).refusal).to.match(/not an event/);
    expectStep(model.observe(T0, true), { state: 'l1_triage', notifications: [], assignments: [] });
    model.send({ type: 'VERIFIED', data: { verified: true } }, T0);
    expect(model.send({ type: 'ACCEPT' }, T0).refusal).to.match(/closed in resolved/);
  });

  it('counts business time on a business calendar: a due date runs over the night and a pause outside working hours shifts nothing', () => {
    const calendar = loadCalendarsFile('flows/calendars.yaml').calendars.get('office-hours')!;
    // Monday 2 March 2026, 16:30 in Berlin (15:30 UTC): l1_triage's hour ends at 08:30 on Tuesday.
    const start = Date.UTC(2026, 2, 2, 15, 30);
    const model = ModelTicket.open(flow, calendar, ticket, start);
    model.send({ type: 'ACCEPT' }, start);
    expect(model.observe(start, false).dueAt).to.equal(iso(Date.UTC(2026, 2, 3, 7, 30)));
    // Waiting from 17:00 until 07:00 the next morning pauses no working time.
    model.send({ type: 'ASK_CUSTOMER' }, Date.UTC(2026, 2, 2, 16, 0));
    model.send({ type: 'CUSTOMER_REPLIED' }, Date.UTC(2026, 2, 3, 6, 0));
    expect(model.observe(Date.UTC(2026, 2, 3, 6, 0), false).dueAt).to.equal(iso(Date.UTC(2026, 2, 3, 7, 30)));
  });

  it('lets a wait step pass half the time to the next due instant, so nothing fires', () => {
    const model = ModelTicket.open(flow, CALENDAR_24X7, ticket, T0);
    model.send({ type: 'ACCEPT' }, T0);
    model.observe(T0, false);
    // Next: the 50 % warning of l1_triage at 30 min.
    const target = model.timeStepTarget({ kind: 'wait' }, T0)!;
    expect(target).to.equal(T0 + 15 * MIN);
    model.advanceTo(target);
    expectStep(model.observe(target, false), { state: 'l1_triage', slaStatus: 'ok', notifications: [] });
    expect(model.quietUntil([{ type: 'ASK_CUSTOMER' }], target), 'the warning is the earliest timer either way').to.equal(T0 + 30 * MIN);
  });
});
