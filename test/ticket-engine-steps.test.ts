import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { loadFlowOrThrow } from '../src/flow/load-flow';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { EventRefusedError, MAX_MESSAGE_TEXT, TicketClosedError, TicketEngine } from '../src/ticket/engine';
import type { EngineEffect } from '../src/ticket/engine';
import type { TicketInfo } from '../src/ticket/types';
import { MIN, HOUR, DAY, iso } from './helpers/time-units';

/*
 * Example steps of the engine on the IT desk flow (flows/it-desk-incident.yaml) on the 24x7
 * calendar. Every expected value is read off the flow file and the README's rules by hand: the
 * entry actions of each state, the default customer mails (status_changed, escalated,
 * waiting_for_you, resolved), the SLA durations (P3: first response 2h, resolution 2d, `new` 2h,
 * `l1_classify` 1h, `l1_solve` 1d, `l2_specialists` 1d; warnings at 75 % and 90 %; `1d` is 24
 * business hours, every hour on 24x7) and the default `on_breach: escalate`.
 */

const NOW = Date.UTC(2026, 10, 23, 9, 0);

describe('the ticket engine, step by step on the IT desk flow', () => {
  let flow: FlowDefinition;
  let ticket: TicketInfo;

  beforeEach(() => {
    flow = loadFlowOrThrow('flows/it-desk-incident.yaml');
    ticket = { number: 'T-12', customer: { id: 'c-1', name: 'Ada', language: 'en' }, channel: 'phone', subject: 'Printer', priority: 'P3', topic: flow.id, fields: {} };
  });

  function open(): { engine: TicketEngine; effects: EngineEffect[] } {
    return TicketEngine.open(flow, CALENDAR_24X7, ticket, NOW);
  }

  it('opens in the initial state with its entry mail and L1 assignment, and the three clocks running', () => {
    const { engine, effects } = open();
    expect(effects).to.deep.equal([
      { kind: 'notify', seq: 1, template: 'received', audience: 'customer' },
      { kind: 'assign', seq: 1, tier: 'L1', reason: 'new ticket', exclude: [] },
    ]);
    expect(engine.getTimeline()).to.deep.equal([
      { seq: 1, at: iso(NOW), kind: 'created', to: 'new', actor: 'phone', data: { subject: 'Printer', priority: 'P3' }, customerMessages: ['received'] },
    ]);
    const status = engine.status(NOW);
    expect(status).to.deep.include({ number: 'T-12', customer: 'c-1', customerName: 'Ada', language: 'en', priority: 'P3', state: 'new', stateTitle: 'Logged', kind: 'working', tier: 'L1', slaStatus: 'ok', dueAt: iso(NOW + 2 * HOUR) });
    expect(status).to.not.have.property('assignee');
    expect(status.clocks).to.deep.equal([
      { id: 'first_response', kind: 'first_response', targetMinutes: 120, elapsedMinutes: 0, pausedMinutes: 0, dueAt: iso(NOW + 2 * HOUR), status: 'ok' },
      { id: 'resolution', kind: 'resolution', targetMinutes: 2 * 24 * 60, elapsedMinutes: 0, pausedMinutes: 0, dueAt: iso(NOW + 2 * DAY), status: 'ok' },
      { id: 'new', kind: 'state_due', state: 'new', targetMinutes: 120, elapsedMinutes: 0, pausedMinutes: 0, dueAt: iso(NOW + 2 * HOUR), status: 'ok' },
    ]);
    expect(status.allowedEvents).to.deep.equal([
      { type: 'ACCEPT', title: 'Take the ticket', fields: {} },
      { type: 'ESCALATE', title: 'Escalate to the next level', fields: { reason: { type: 'text', required: true } } },
    ]);
    // The first warning (75 % of 2h) is the next thing due.
    expect(engine.nextWakeAt()).to.equal(NOW + 90 * MIN);
    expect(engine.isDone).to.equal(false);
    expect(engine.closedRefusal()).to.equal(undefined);
  });

  it('takes a ticket: a status mail naming the event, first response met, the next state’s clock due', () => {
    const { engine } = open();
    const at = NOW + 10 * MIN;
    const effects = engine.send({ type: 'ACCEPT', actor: 'zoe' }, at);
    expect(effects).to.deep.equal([{ kind: 'notify', seq: 2, template: 'status_changed', audience: 'customer', event: 'ACCEPT' }]);
    expect(engine.getTimeline()[1]).to.deep.equal({ seq: 2, at: iso(at), kind: 'transition', event: 'ACCEPT', from: 'new', to: 'l1_classify', actor: 'zoe', customerMessages: ['status_changed'] });
    const clocks = engine.status(at).clocks;
    expect(clocks.map((clock) => [clock.id, clock.status, clock.dueAt])).to.deep.equal([
      ['first_response', 'met', undefined],
      ['resolution', 'ok', iso(NOW + 2 * DAY)],
      ['new', 'met', undefined],
      ['l1_classify', 'ok', iso(at + HOUR)],
    ]);
    expect(engine.status(at).dueAt).to.equal(iso(at + HOUR));
    expect(engine.lastSeq).to.equal(2);
  });

  it('escalates a server incident to L2: the state’s assignment with its skill and the escalated mail', () => {
    const { engine } = open();
    engine.send({ type: 'ACCEPT' }, NOW + MIN);
    const effects = engine.send({ type: 'CLASSIFIED', data: { category: 'server', affected_users: 3 } }, NOW + 2 * MIN);
    expect(effects).to.deep.equal([
      { kind: 'assign', seq: 3, tier: 'L2', skill: 'it_specialists', reason: 'escalation', exclude: [] },
      { kind: 'notify', seq: 3, template: 'escalated', audience: 'customer' },
    ]);
    expect(engine.stateName).to.equal('l2_specialists');
    expect(engine.currentTier()).to.equal('L2');
    expect(engine.getTimeline()[2]).to.deep.include({ event: 'CLASSIFIED', data: { category: 'server', affected_users: 3 } });
  });

  it('keeps a few-user workplace incident in L1: a status mail and no new assignment', () => {
    const { engine } = open();
    engine.send({ type: 'ACCEPT' }, NOW + MIN);
    const effects = engine.send({ type: 'CLASSIFIED', data: { category: 'workplace', affected_users: 19 } }, NOW + 2 * MIN);
    expect(effects).to.deep.equal([{ kind: 'notify', seq: 3, template: 'status_changed', audience: 'customer', event: 'CLASSIFIED' }]);
    expect(engine.stateName).to.equal('l1_solve');
    expect(engine.status(NOW + 2 * MIN).dueAt).to.equal(iso(NOW + 2 * MIN + DAY));
  });

  it('tells the escalation manager at L3 with the reason, and hands back to L2 as a hand-over', () => {
    const { engine } = open();
    engine.send({ type: 'ESCALATE', data: { reason: 'many users' } }, NOW + MIN);
    const l3 = engine.send({ type: 'ESCALATE', data: { reason: 'vendor bug' } }, NOW + 2 * MIN);
    expect(l3).to.deep.equal([
      { kind: 'assign', seq: 3, tier: 'L3', skill: 'vendor_management', reason: 'escalation', exclude: [] },
      { kind: 'notify', seq: 3, template: 'escalated', audience: 'escalation_manager', reason: 'vendor bug' },
      { kind: 'notify', seq: 3, template: 'escalated', audience: 'customer', reason: 'vendor bug' },
    ]);
    const back = engine.send({ type: 'VENDOR_FIX_AVAILABLE' }, NOW + 3 * MIN);
    expect(back).to.deep.equal([
      { kind: 'assign', seq: 4, tier: 'L2', skill: 'it_specialists', reason: 'handover', exclude: [] },
      { kind: 'notify', seq: 4, template: 'escalated', audience: 'customer' },
    ]);
    // Leaving L2 and coming back opens a second due-date clock for the state.
    expect(engine.status(NOW + 3 * MIN).clocks.map((clock) => clock.id)).to.deep.equal(['first_response', 'resolution', 'new', 'l2_specialists', 'l3_vendor', 'l2_specialists#2']);
  });

  it('waits for the user: the question as the mail’s reason, clocks paused, a 5d timer, and resumes on reply', () => {
    const { engine } = open();
    engine.send({ type: 'ACCEPT' }, NOW + 10 * MIN);
    const asked = NOW + 30 * MIN;
    const effects = engine.send({ type: 'ASK_USER', data: { question: ' Which printer? ' } }, asked);
    expect(effects).to.deep.equal([{ kind: 'notify', seq: 3, template: 'waiting_for_you', audience: 'customer', reason: 'Which printer?' }]);
    const waiting = engine.status(asked + HOUR);
    expect(waiting).to.deep.include({ state: 'l1_waiting_for_user', kind: 'waiting', tier: 'L1', slaStatus: 'paused' });
    expect(waiting).to.not.have.property('dueAt');
    expect(waiting.clocks.filter((clock) => clock.status === 'paused').map((clock) => clock.id)).to.deep.equal(['resolution', 'l1_classify']);
    expect(engine.pendingDelays().map((delay) => delay.dueAt)).to.deep.equal([asked + 5 * DAY]);
    expect(engine.nextWakeAt()).to.equal(asked + 5 * DAY);
    const replied = asked + HOUR;
    const back = engine.send({ type: 'USER_REPLIED', data: { message: 'the one on floor 2' } }, replied);
    expect(back).to.deep.equal([{ kind: 'notify', seq: 4, template: 'status_changed', audience: 'customer', event: 'USER_REPLIED' }]);
    expect(engine.pendingDelays()).to.deep.equal([]);
    const clocks = engine.status(replied).clocks;
    // The hour spent waiting does not count: resolution is due an hour later; l1_classify stopped.
    expect(clocks.find((clock) => clock.id === 'resolution')).to.deep.include({ status: 'ok', pausedMinutes: 60, dueAt: iso(NOW + 2 * DAY + HOUR) });
    expect(clocks.find((clock) => clock.id === 'l1_classify')).to.deep.include({ status: 'met' });
    expect(clocks.find((clock) => clock.id === 'l1_solve')).to.deep.include({ status: 'ok', dueAt: iso(replied + DAY) });
  });

  it('closes a ticket nobody answered when the 5d timer fires, with the resolved mail and every clock stopped', () => {
    const { engine } = open();
    engine.send({ type: 'ACCEPT' }, NOW + 10 * MIN);
    const asked = NOW + 30 * MIN;
    engine.send({ type: 'ASK_USER', data: { question: 'Which printer?' } }, asked);
    expect(engine.fireDue(asked + 5 * DAY - 1)).to.deep.equal([]);
    const effects = engine.fireDue(asked + 6 * DAY);
    expect(effects).to.deep.equal([{ kind: 'notify', seq: 4, template: 'resolved', audience: 'customer' }]);
    expect(engine.getTimeline()[3]).to.deep.include({ at: iso(asked + 5 * DAY), kind: 'transition', from: 'l1_waiting_for_user', to: 'closed_without_reply', actor: 'timer' });
    expect(engine.isDone).to.equal(true);
    const status = engine.status(asked + 6 * DAY);
    expect(status).to.deep.include({ state: 'closed_without_reply', tier: 'L1', slaStatus: 'met', allowedEvents: [] });
    expect(status.clocks.every((clock) => clock.status === 'met' && clock.dueAt === undefined)).to.equal(true);
    expect(engine.nextWakeAt()).to.equal(undefined);
    expect(engine.closedRefusal()).to.equal("ticket T-12 is closed (state 'closed_without_reply')");
  });

  it('warns at 75 % and 90 %, then breaches to team and escalation manager and escalates the initial state', () => {
    const { engine } = open();
    expect(engine.fireDue(NOW + 90 * MIN - 1)).to.deep.equal([]);
    const effects = engine.fireDue(NOW + 2 * HOUR);
    const first = 'first response within 2h';
    const own = 'Logged due within 2h';
    const why = `SLA breached: ${own}`;
    expect(effects).to.deep.equal([
      { kind: 'notify', seq: 2, template: 'sla_warning', audience: 'team', reason: first },
      { kind: 'notify', seq: 3, template: 'sla_warning', audience: 'team', reason: own },
      { kind: 'notify', seq: 4, template: 'sla_warning', audience: 'team', reason: first },
      { kind: 'notify', seq: 5, template: 'sla_warning', audience: 'team', reason: own },
      { kind: 'notify', seq: 6, template: 'sla_breached', audience: 'team', reason: first },
      { kind: 'notify', seq: 6, template: 'sla_breached', audience: 'escalation_manager', reason: first },
      { kind: 'notify', seq: 7, template: 'sla_breached', audience: 'team', reason: own },
      { kind: 'notify', seq: 7, template: 'sla_breached', audience: 'escalation_manager', reason: own },
      { kind: 'assign', seq: 8, tier: 'L2', skill: 'it_specialists', reason: 'escalation', exclude: [] },
      { kind: 'notify', seq: 8, template: 'escalated', audience: 'customer', reason: why },
    ]);
    const timeline = engine.getTimeline();
    expect(timeline.slice(1, 3).map((entry) => [entry.kind, entry.clock, entry.data, entry.at])).to.deep.equal([
      ['sla_warning', 'first_response', { percent: 75 }, iso(NOW + 90 * MIN)],
      ['sla_warning', 'new', { percent: 75 }, iso(NOW + 90 * MIN)],
    ]);
    expect(timeline[5]).to.deep.include({ kind: 'sla_breached', clock: 'first_response', reason: first, at: iso(NOW + 2 * HOUR) });
    expect(timeline[7]).to.deep.include({ kind: 'transition', event: 'sla.breach', from: 'new', to: 'l2_specialists', actor: 'sla', reason: why });
    const status = engine.status(NOW + 2 * HOUR);
    expect(status.slaStatus).to.equal('breached');
    expect(status.clocks.filter((clock) => clock.status === 'breached').map((clock) => clock.id)).to.deep.equal(['first_response', 'new']);
    // Nothing fires twice.
    expect(engine.fireDue(NOW + 2 * HOUR + MIN)).to.deep.equal([]);
  });

  it('refuses unknown events, events of other states, bad payloads and closed tickets, with nothing changed', () => {
    const { engine } = open();
    const before = JSON.stringify(engine.carry());
    const allowed = 'allowed now: ACCEPT, ESCALATE';
    expect(engine.refusal({ type: 'NOPE' })).to.equal(`unknown event 'NOPE' for flow 'it-desk-incident'; ${allowed}`);
    expect(engine.refusal({ type: 'RESOLVE', data: { resolution: 'x' } })).to.equal(`RESOLVE is not accepted in state 'new'; ${allowed}`);
    expect(engine.refusal({ type: 'ESCALATE' })).to.match(/^ESCALATE refused: .*reason/);
    expect(engine.refusal({ type: 'ACCEPT' })).to.equal(undefined);
    expect(() => engine.send({ type: 'NOPE' }, NOW + MIN)).to.throw(EventRefusedError, "unknown event 'NOPE'");
    expect(() => engine.send({ type: 'ESCALATE' }, NOW + MIN)).to.throw(EventRefusedError, 'ESCALATE refused');
    expect(JSON.stringify(engine.carry())).to.equal(before);
    engine.send({ type: 'ESCALATE', data: { reason: 'r' } }, NOW + MIN);
    engine.send({ type: 'RESOLVE', data: { resolution: 'done' } }, NOW + 2 * MIN);
    const closed = JSON.stringify(engine.carry());
    const words = "ticket T-12 is closed (state 'resolved')";
    expect(engine.refusal({ type: 'ACCEPT' })).to.equal(words);
    expect(engine.refusal({ type: 'NOPE' })).to.equal(words);
    let thrown: unknown;
    try {
      engine.send({ type: 'ACCEPT' }, NOW + 3 * MIN);
    } catch (error) {
      thrown = error;
    }
    // An event to a closed ticket is refused as closed, the way a message to it is.
    expect(thrown).to.be.instanceOf(TicketClosedError);
    expect([(thrown as Error).name, (thrown as Error).message]).to.deep.equal(['TicketClosedError', words]);
    expect(() => engine.customerMessage({ text: 'hi', channel: 'mail' }, NOW + 3 * MIN)).to.throw(TicketClosedError, words);
    expect(JSON.stringify(engine.carry())).to.equal(closed);
  });

  it('names what is wrong with a customer message, and records a good one for the team or the owner', () => {
    const { engine } = open();
    expect(engine.messageRefusal({ text: undefined as never, channel: 'mail' })).to.equal('a message needs a text');
    expect(engine.messageRefusal({ text: '  ', channel: 'mail' })).to.equal('the message is empty');
    expect(engine.messageRefusal({ text: '  ', channel: 'mail', attachments: [{ name: 'a.png' } as never] })).to.equal(undefined);
    expect(engine.messageRefusal({ text: 'x'.repeat(MAX_MESSAGE_TEXT), channel: 'mail' })).to.equal(undefined);
    expect(engine.messageRefusal({ text: 'x'.repeat(MAX_MESSAGE_TEXT + 1), channel: 'mail' })).to.equal(`the message text is longer than ${MAX_MESSAGE_TEXT} characters`);
    expect(engine.messageRefusal({ text: 'hi', channel: ' ' })).to.equal('a message names its channel');
    expect(engine.messageRefusal({ text: 'hi', channel: undefined as never })).to.equal('a message names its channel');
    const length = engine.getTimeline().length;
    expect(() => engine.customerMessage({ text: '', channel: 'mail' }, NOW)).to.throw(EventRefusedError, 'the message is empty');
    expect(engine.getTimeline()).to.have.length(length);
    const toTeam = engine.customerMessage({ text: 'still broken', channel: 'mail', from: 'ada@x.example', subject: 'Re: Printer', original: 'raw', thread: 'm-1' }, NOW + MIN);
    expect(toTeam).to.deep.equal({ effects: [{ kind: 'notify', seq: 2, template: 'customer_message', audience: 'team', message: 'still broken' }] });
    expect(engine.getTimeline()[1]).to.deep.equal({ seq: 2, at: iso(NOW + MIN), kind: 'message', actor: 'customer', reason: 'm-1', data: { text: 'still broken', channel: 'mail', from: 'ada@x.example', subject: 'Re: Printer', original: 'raw' } });
    engine.recordAssignment('zoe', 'L1', 'new ticket', NOW + 2 * MIN);
    const toOwner = engine.customerMessage({ text: 'hello', channel: 'portal' }, NOW + 3 * MIN);
    expect(toOwner.effects).to.deep.equal([{ kind: 'notify', seq: 4, template: 'customer_message', audience: 'assignee', message: 'hello' }]);
    expect(engine.getTimeline()[3]!.data).to.deep.equal({ text: 'hello', channel: 'portal' });
    // No on_customer_reply in this flow's states: a message only, the state stays.
    expect(engine.stateName).to.equal('new');
  });

  it('sends the state’s on_customer_reply event when the customer answers a question (demo flow)', () => {
    const demo = loadFlowOrThrow('flows/demo-express.yaml');
    const { engine } = TicketEngine.open(demo, CALENDAR_24X7, { ...ticket, topic: demo.id, priority: 'P2' }, NOW);
    engine.send({ type: 'ACCEPT' }, NOW + 1000);
    engine.send({ type: 'ASK_CUSTOMER', data: { question: 'Version?' } }, NOW + 2000);
    const answer = engine.customerMessage({ text: '5.1', channel: 'mail', attachments: [{ name: 'shot.png' } as never] }, NOW + 3000);
    expect(answer.replyEvent).to.equal('CUSTOMER_REPLIED');
    expect(answer.effects).to.deep.equal([
      { kind: 'notify', seq: 4, template: 'customer_message', audience: 'team', message: '5.1' },
      { kind: 'notify', seq: 5, template: 'status_changed', audience: 'customer', event: 'CUSTOMER_REPLIED' },
    ]);
    expect(engine.getTimeline()[3]!.data).to.deep.equal({ text: '5.1', channel: 'mail', attachments: [{ name: 'shot.png' }] });
    expect(engine.getTimeline()[4]).to.deep.include({ event: 'CUSTOMER_REPLIED', from: 'waiting_customer', to: 'l1_triage', actor: 'customer' });
    expect(engine.getTimeline()[4]).to.not.have.property('data');
    // In a working state a reply is a message only.
    expect(engine.customerMessage({ text: 'more', channel: 'mail' }, NOW + 4000)).to.not.have.property('replyEvent');
  });

  it('tells the owner and, on a change of hands, the customer; an absent owner is replaced in the same tier', () => {
    const { engine } = open();
    expect(engine.recordAssignment('zoe', 'L1', 'new ticket', NOW + MIN, 'router')).to.deep.equal([{ kind: 'notify', seq: 2, template: 'assigned', audience: 'assignee', reason: 'new ticket' }]);
    expect(engine.getTimeline()[1]).to.deep.equal({ seq: 2, at: iso(NOW + MIN), kind: 'assigned', agent: 'zoe', reason: 'new ticket', actor: 'router' });
    expect(engine.recordAssignment('zoe', 'L1', 'again', NOW + 2 * MIN)).to.deep.equal([]);
    expect(engine.recordAssignment('ben', 'L1', 'absence', NOW + 3 * MIN)).to.deep.equal([
      { kind: 'notify', seq: 3, template: 'assigned', audience: 'assignee', reason: 'absence' },
      { kind: 'notify', seq: 3, template: 'reassigned', audience: 'customer', reason: 'absence' },
    ]);
    expect(engine.getTimeline()[2]).to.deep.include({ agent: 'ben', data: { previous: 'zoe' }, customerMessages: ['reassigned'] });
    expect(engine.status(NOW + 3 * MIN).assignee).to.equal('ben');
    expect(engine.ownerAbsent('zoe', NOW + 4 * MIN)).to.deep.equal([]);
    expect(engine.ownerAbsent('ben', NOW + 4 * MIN)).to.deep.equal([{ kind: 'assign', seq: 4, tier: 'L1', reason: 'absence', exclude: ['ben'] }]);
    expect(engine.getTimeline()[3]).to.deep.include({ kind: 'note', agent: 'ben', reason: 'owner ben is absent' });
    const byHand = engine.assignByHand({ agent: 'eve' }, NOW + 5 * MIN);
    expect(byHand.tier).to.equal('L1');
    expect(engine.getTimeline()[4]).to.deep.include({ agent: 'eve', reason: 'assigned by hand' });
  });

  it('asks the team when nobody can be assigned, once per queue, and records failed and bounced mail', () => {
    const { engine } = open();
    const failed = 'no L2 agent could be assigned: nobody has the skill';
    expect(engine.assignmentFailed('L2', 'nobody has the skill', NOW)).to.deep.equal([{ kind: 'notify', seq: 2, template: 'assignment_failed', audience: 'team', reason: failed }]);
    expect(engine.getTimeline()[1]).to.deep.include({ kind: 'note', reason: failed });
    const queued = 'waiting for an L1 owner: all busy; assigned as soon as someone is free';
    expect(engine.assignmentQueued('L1', 'all busy', true, NOW)).to.deep.equal([{ kind: 'notify', seq: 3, template: 'assignment_failed', audience: 'team', reason: queued }]);
    expect(engine.assignmentQueued('L1', 'all busy', false, NOW)).to.deep.equal([]);
    expect(engine.getTimeline()[3]).to.deep.include({ kind: 'note', reason: queued });
    expect(engine.notificationFailed('resolved', 'customer', 'mailbox full', NOW)).to.deep.equal([{ kind: 'notify', seq: 5, template: 'delivery_failed', audience: 'team', reason: 'mailbox full' }]);
    expect(engine.getTimeline()[4]).to.deep.include({ kind: 'notification_failed', reason: 'mailbox full', data: { template: 'resolved', audience: 'customer' } });
    // A failed mail about a failed mail to the team is recorded but not sent again (no loop).
    expect(engine.notificationFailed('delivery_failed', 'team', 'down', NOW)).to.deep.equal([]);
    expect(engine.notificationFailed('delivery_failed', 'customer', 'down', NOW)).to.have.length(1);
    expect(engine.notificationFailed('assigned', 'team', 'down', NOW)).to.have.length(1);
    expect(engine.deliveryBounced('ada@x.example', '550 unknown user', NOW)).to.deep.equal([{ kind: 'notify', seq: 9, template: 'delivery_failed', audience: 'team', reason: '550 unknown user' }]);
    expect(engine.getTimeline()[8]).to.deep.include({ kind: 'notification_failed', reason: '550 unknown user', data: { template: 'bounce', audience: 'customer', address: 'ada@x.example' } });
    engine.contactedAgain('mail', 'Printer again', NOW);
    expect(engine.getTimeline()[9]).to.deep.include({ kind: 'contacted_again', actor: 'mail', data: { subject: 'Printer again' } });
  });

  it('changes the priority: targets of the open clocks follow, the same priority records nothing', () => {
    const { engine } = open();
    engine.changePriority({ priority: 'P3' }, NOW + MIN);
    expect(engine.getTimeline()).to.have.length(1);
    engine.changePriority({ priority: 'P1' }, NOW + MIN);
    expect(engine.getTimeline()[1]).to.deep.include({ kind: 'priority_changed', data: { from: 'P3', to: 'P1' } });
    expect(engine.getTimeline()[1]).to.not.have.property('actor');
    const status = engine.status(NOW + MIN);
    expect(status.priority).to.equal('P1');
    expect(status.clocks.map((clock) => [clock.id, clock.targetMinutes, clock.dueAt])).to.deep.equal([
      ['first_response', 15, iso(NOW + 15 * MIN)],
      ['resolution', 4 * 60, iso(NOW + 4 * HOUR)],
      ['new', 15, iso(NOW + 15 * MIN)],
    ]);
  });

  it('carries everything into a new run: the restored ticket goes on exactly as the original', () => {
    const { engine } = open();
    engine.send({ type: 'ACCEPT' }, NOW + MIN);
    engine.recordAssignment('zoe', 'L1', 'new ticket', NOW + 2 * MIN);
    engine.send({ type: 'ASK_USER', data: { question: 'Which?' } }, NOW + 3 * MIN);
    engine.changePriority({ priority: 'P2' }, NOW + 4 * MIN);
    const carried = engine.carry();
    expect(carried).to.deep.include({ seq: 5, assignee: 'zoe', assigneeTier: 'L1', routedTier: 'L1', lastTier: 'L1', priority: 'P2', responded: true });
    const restored = TicketEngine.restore(flow, CALENDAR_24X7, ticket, JSON.parse(JSON.stringify(carried)));
    expect(restored.stateName).to.equal('l1_waiting_for_user');
    expect(restored.status(NOW + 5 * MIN)).to.deep.equal(engine.status(NOW + 5 * MIN));
    expect(restored.pendingDelays()).to.deep.equal(engine.pendingDelays());
    expect(restored.lastSeq).to.equal(5);
    // Back at work in L1 with an L1 owner: no new assignment; the first response is not met twice.
    expect(restored.send({ type: 'USER_REPLIED' }, NOW + 6 * MIN)).to.deep.equal([{ kind: 'notify', seq: 6, template: 'status_changed', audience: 'customer', event: 'USER_REPLIED' }]);
    expect(restored.status(NOW + 6 * MIN).assignee).to.equal('zoe');
  });
});
