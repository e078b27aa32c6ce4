import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { EventRefusedError, TicketClosedError, TicketEngine } from '../src/ticket/engine';
import type { CarriedTicketState } from '../src/ticket/engine';
import type { TicketInfo } from '../src/ticket/types';
import { ACTIONS_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { MIN, HOUR, iso } from './helpers/time-units';

/*
 * What the engine makes of a flow's own actions and timers, on a small flow written for it
 * (ACTIONS_FLOW in test/helpers/flow-fixtures.ts): entry mails with and without a template (a
 * customer mail of the flow replaces the default one), an `assign` action (replaces the
 * automatic assignment), a transition's own actions on a self-transition, `after:` timers
 * (started, cancelled, fired in order with the clock alarms) and `on_breach: notify` (the ticket
 * stays). Every expected value is worked out by hand from that flow on the 24x7 calendar and the
 * rules in README (SLA, notifications): P2 resolution 12h warns at 50 % = 6h, P1 6h at 3h;
 * `triage` is due 2h after it is entered and warns at 1h.
 */

const NOW = Date.UTC(2026, 10, 23, 9, 0);

describe('the ticket engine on a flow’s own actions and timers', () => {
  let flow: FlowDefinition;
  let ticket: TicketInfo;

  beforeEach(() => {
    flow = flowFromYaml(ACTIONS_FLOW);
    ticket = { number: 'E-1', customer: { id: 'c-2' }, channel: 'mail', subject: 'Modem', priority: 'P2', topic: flow.id, fields: {} };
  });

  function open(priority = 'P2'): TicketEngine {
    return TicketEngine.open(flow, CALENDAR_24X7, { ...ticket, priority }, NOW).engine;
  }

  it('opens with the entry mail’s own template, the default customer mail and the automatic assignment; the timer is pending', () => {
    const { engine, effects } = TicketEngine.open(flow, CALENDAR_24X7, ticket, NOW);
    expect(effects).to.deep.equal([
      { kind: 'notify', seq: 1, template: 'new_ticket', audience: 'team' },
      { kind: 'notify', seq: 1, template: 'received', audience: 'customer' },
      { kind: 'assign', seq: 1, tier: 'L1', reason: 'new ticket', exclude: [] },
    ]);
    // Only mails to the customer are noted on the entry (the portal shows them).
    expect(engine.getTimeline()[0]!.customerMessages).to.deep.equal(['received']);
    expect(engine.pendingDelays().map((delay) => delay.dueAt)).to.deep.equal([NOW + 3 * HOUR]);
    // The earlier of the 3h timer and the resolution warning at 6h.
    expect(engine.nextWakeAt()).to.equal(NOW + 3 * HOUR);
    // Without a name or a language the status names neither; a fresh ticket carries no owner.
    const status = engine.status(NOW);
    expect(status).to.not.have.property('customerName');
    expect(status).to.not.have.property('language');
    expect(status).to.not.have.property('assignee');
    const carried = engine.carry();
    expect(carried).to.not.have.property('assignee');
    expect(carried).to.not.have.property('assigneeTier');
    expect(carried).to.deep.include({ seq: 1, routedTier: 'L1', lastTier: 'L1', priority: 'P2', responded: false });
  });

  it('lists each allowed event with its title and fields, required false unless declared, choices only where given', () => {
    expect(open().allowedEvents()).to.deep.equal([
      { type: 'ACCEPT', title: 'Take it', fields: {} },
      {
        type: 'PICK',
        title: 'Pick a colour',
        fields: { colour: { type: 'choice', required: true, choices: ['red', 'blue'] }, note: { type: 'text', required: false } },
      },
    ]);
  });

  it('fires the timer before a later alarm, then the state’s warning and breach: on_breach notify keeps the ticket where it is', () => {
    const engine = open();
    const effects = engine.fireDue(NOW + 5 * HOUR);
    const label = 'Triage due within 2h';
    expect(effects).to.deep.equal([
      // 3h: the timer moves the ticket on; the state's own customer mail replaces status_changed.
      { kind: 'notify', seq: 2, template: 'taken', audience: 'customer' },
      // 4h: half of triage's 2h; 5h: its breach, to the team and the escalation manager.
      { kind: 'notify', seq: 3, template: 'sla_warning', audience: 'team', reason: label },
      { kind: 'notify', seq: 4, template: 'sla_breached', audience: 'team', reason: label },
      { kind: 'notify', seq: 4, template: 'sla_breached', audience: 'escalation_manager', reason: label },
      // The breach event's own notify action: no state change, so no customer mail and no reason.
      { kind: 'notify', seq: 5, template: 'sla_breached', audience: 'team' },
    ]);
    const timeline = engine.getTimeline();
    expect(timeline[1]).to.deep.include({ at: iso(NOW + 3 * HOUR), kind: 'transition', from: 'intake', to: 'triage', actor: 'timer', customerMessages: ['taken'] });
    expect(timeline[2]).to.deep.include({ at: iso(NOW + 4 * HOUR), kind: 'sla_warning', clock: 'triage', data: { percent: 50 } });
    expect(timeline[4]).to.deep.equal({ seq: 5, at: iso(NOW + 5 * HOUR), kind: 'transition', event: 'sla.breach', from: 'triage', to: 'triage', actor: 'sla', reason: `SLA breached: ${label}` });
    expect(engine.stateName).to.equal('triage');
    expect(engine.pendingDelays()).to.deep.equal([]);
    expect(engine.status(NOW + 5 * HOUR).slaStatus).to.equal('breached');
    // Nothing fires twice; the resolution warning at 6h is next.
    expect(engine.fireDue(NOW + 5 * HOUR + MIN)).to.deep.equal([]);
    expect(engine.nextWakeAt()).to.equal(NOW + 6 * HOUR);
  });

  it('fires an alarm due at the same instant as a timer first (P1: the resolution warning at 3h)', () => {
    const engine = open('P1');
    expect(engine.fireDue(NOW + 3 * HOUR)).to.deep.equal([
      { kind: 'notify', seq: 2, template: 'sla_warning', audience: 'team', reason: 'resolution within 6h' },
      { kind: 'notify', seq: 3, template: 'taken', audience: 'customer' },
    ]);
    expect(engine.getTimeline().map((entry) => [entry.kind, entry.at])).to.deep.equal([
      ['created', iso(NOW)],
      ['sla_warning', iso(NOW + 3 * HOUR)],
      ['transition', iso(NOW + 3 * HOUR)],
    ]);
  });

  it('cancels a timer when its state is left, sends a transition’s own mail, and keeps a waiting ticket at its tier', () => {
    const engine = open();
    expect(engine.send({ type: 'ACCEPT' }, NOW + 10 * MIN)).to.deep.equal([{ kind: 'notify', seq: 2, template: 'taken', audience: 'customer' }]);
    expect(engine.pendingDelays()).to.deep.equal([]);
    // A self-transition: its notify action without a template is a status mail to the team; the state is not re-entered.
    expect(engine.send({ type: 'NUDGE' }, NOW + 20 * MIN)).to.deep.equal([{ kind: 'notify', seq: 3, template: 'status_changed', audience: 'team' }]);
    expect(engine.getTimeline()[2]).to.deep.equal({ seq: 3, at: iso(NOW + 20 * MIN), kind: 'transition', event: 'NUDGE', from: 'triage', to: 'triage' });
    const asked = NOW + 30 * MIN;
    expect(engine.send({ type: 'ASK' }, asked)).to.deep.equal([{ kind: 'notify', seq: 4, template: 'waiting_for_you', audience: 'customer', event: 'ASK' }]);
    expect(engine.pendingDelays().map((delay) => delay.dueAt)).to.deep.equal([asked + 2 * HOUR]);
    // Every clock is paused: the timer alone is due.
    expect(engine.nextWakeAt()).to.equal(asked + 2 * HOUR);
    expect(engine.status(asked)).to.deep.include({ state: 'waiting', kind: 'waiting', tier: 'L1', slaStatus: 'paused' });
    expect(engine.currentTier()).to.equal('L1');
  });

  it('sends on_customer_reply only when the state would take it: a refused reply event leaves a message only', () => {
    const engine = open();
    engine.send({ type: 'ACCEPT' }, NOW + 10 * MIN);
    engine.send({ type: 'ASK' }, NOW + 30 * MIN);
    // REPLY goes back to triage only with ok = true; the reply's event carries no payload.
    const message = engine.customerMessage({ text: 'yes', channel: 'mail' }, NOW + 40 * MIN);
    expect(message).to.deep.equal({ effects: [{ kind: 'notify', seq: 4, template: 'customer_message', audience: 'team', message: 'yes' }] });
    expect(engine.stateName).to.equal('waiting');
    expect(engine.getTimeline()).to.have.length(4);
    // A new request that joined this open ticket is answered with the ticket's number.
    const joined = engine.customerMessage({ text: 'again', channel: 'mail', joinedOpenTicket: true }, NOW + 45 * MIN);
    expect(joined.effects).to.deep.equal([
      { kind: 'notify', seq: 5, template: 'customer_message', audience: 'team', message: 'again' },
      { kind: 'notify', seq: 5, template: 'request_joined', audience: 'customer' },
    ]);
    expect(engine.getTimeline()[4]!.customerMessages).to.deep.equal(['request_joined']);
    const plain = engine.customerMessage({ text: 'and more', channel: 'mail', joinedOpenTicket: false }, NOW + 46 * MIN);
    expect(plain.effects).to.have.length(1);
    expect(engine.getTimeline()[5]).to.not.have.property('customerMessages');
    // With ok = true the reply event is taken, and the timer is cancelled.
    expect(engine.send({ type: 'REPLY', data: { ok: true } }, NOW + 50 * MIN)).to.deep.equal([{ kind: 'notify', seq: 7, template: 'taken', audience: 'customer' }]);
    expect(engine.getTimeline()[6]).to.deep.include({ event: 'REPLY', from: 'waiting', to: 'triage', data: { ok: true } });
    expect(engine.pendingDelays()).to.deep.equal([]);
  });

  it('takes the state’s assign action instead of the automatic assignment, and gives the reason to every mail of the step', () => {
    const engine = open();
    engine.send({ type: 'ACCEPT' }, NOW + 10 * MIN);
    expect(engine.send({ type: 'ESCALATE', data: { reason: 'needs network' } }, NOW + 20 * MIN)).to.deep.equal([
      { kind: 'assign', seq: 3, tier: 'L2', skill: 'net', reason: 'escalation', exclude: [] },
      { kind: 'notify', seq: 3, template: 'escalated', audience: 'team', reason: 'needs network' },
      { kind: 'notify', seq: 3, template: 'escalated', audience: 'customer', reason: 'needs network', event: 'ESCALATE' },
    ]);
    expect(engine.carry()).to.deep.include({ routedTier: 'L2', lastTier: 'L2' });
    // Back down a tier: the state's customer mail, and the automatic assignment as a hand-over.
    expect(engine.send({ type: 'BACK' }, NOW + 30 * MIN)).to.deep.equal([
      { kind: 'notify', seq: 4, template: 'taken', audience: 'customer' },
      { kind: 'assign', seq: 4, tier: 'L1', reason: 'handover', exclude: [] },
    ]);
  });

  it('refuses in a state that takes no event with “allowed now: none”', () => {
    const engine = open();
    engine.send({ type: 'ACCEPT' }, NOW + 10 * MIN);
    engine.send({ type: 'PARK' }, NOW + 20 * MIN);
    expect(engine.allowedEvents()).to.deep.equal([]);
    expect(engine.refusal({ type: 'DONE' })).to.equal("DONE is not accepted in state 'parked'; allowed now: none");
    expect(engine.refusal({ type: 'NOPE' })).to.equal("unknown event 'NOPE' for flow 'edge-test'; allowed now: none");
  });

  it('refuses a bad message on an open ticket as a plain refusal, not as a closed ticket', () => {
    const engine = open();
    let thrown: unknown;
    try {
      engine.customerMessage({ text: ' ', channel: 'mail' }, NOW);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(EventRefusedError);
    expect(thrown).to.not.be.instanceOf(TicketClosedError);
    expect((thrown as Error).name).to.equal('EventRefusedError');
    expect(() => engine.assignByHand({ agent: ' ' }, NOW)).to.throw(EventRefusedError).that.is.not.instanceOf(TicketClosedError);
  });

  it('ignores a pick or an absence that arrives after the ticket closed', () => {
    const engine = open();
    engine.recordAssignment('zoe', 'L1', 'new ticket', NOW + MIN);
    engine.send({ type: 'ACCEPT' }, NOW + 2 * MIN);
    engine.send({ type: 'DONE' }, NOW + 3 * MIN);
    const length = engine.getTimeline().length;
    expect(engine.recordAssignment('ben', 'L1', 'new ticket', NOW + 4 * MIN)).to.deep.equal([]);
    expect(engine.ownerAbsent('zoe', NOW + 4 * MIN)).to.deep.equal([]);
    expect(engine.getTimeline()).to.have.length(length);
    expect(engine.status(NOW + 4 * MIN).assignee).to.equal('zoe');
  });

  it('replaces an absent owner in the state’s tier when a carried state has no owner tier (older runs)', () => {
    const engine = open();
    engine.send({ type: 'ACCEPT' }, NOW + MIN);
    engine.send({ type: 'ESCALATE' }, NOW + 2 * MIN);
    engine.recordAssignment('ulf', 'L2', 'escalation', NOW + 3 * MIN);
    const carried = JSON.parse(JSON.stringify(engine.carry())) as CarriedTicketState;
    delete carried.assigneeTier;
    const restored = TicketEngine.restore(flow, CALENDAR_24X7, ticket, carried);
    expect(restored.ownerAbsent('ulf', NOW + 4 * MIN)).to.deep.equal([{ kind: 'assign', seq: 5, tier: 'L2', reason: 'absence', exclude: ['ulf'] }]);
    // In a waiting state without a tier of its own, an older run's owner is replaced at L1.
    const waiting = open();
    waiting.send({ type: 'ACCEPT' }, NOW + MIN);
    waiting.recordAssignment('zoe', 'L1', 'new ticket', NOW + 2 * MIN);
    waiting.send({ type: 'ASK' }, NOW + 3 * MIN);
    const older = JSON.parse(JSON.stringify(waiting.carry())) as CarriedTicketState;
    delete older.assigneeTier;
    expect(TicketEngine.restore(flow, CALENDAR_24X7, ticket, older).ownerAbsent('zoe', NOW + 4 * MIN)).to.deep.equal([{ kind: 'assign', seq: 5, tier: 'L1', reason: 'absence', exclude: ['zoe'] }]);
  });
});
