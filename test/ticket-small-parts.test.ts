import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { loadFlowOrThrow } from '../src/flow/load-flow';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { customerReason } from '../src/ticket/customer-reason';
import { TicketEngine } from '../src/ticket/engine';
import type { EngineEffect } from '../src/ticket/engine';
import { notificationRequest } from '../src/ticket/notification-request';
import { MAX_REQUEST_KEY_LENGTH, RequestReceipts, requestKeyProblem } from '../src/ticket/request-receipts';
import { ticketSearchAttributePairs, ticketSearchAttributes, ticketSearchAttributeTypes } from '../src/ticket/search-attributes';
import { ticketMemo } from '../src/ticket/ticket-memo';
import type { TicketInfo } from '../src/ticket/types';

/*
 * The small parts of the ticket runtime, each from its documented rule: the customer's reason of
 * a step, the notify request and its idempotency key, request receipts, search attributes, memo.
 */

const NOW = Date.UTC(2026, 10, 23, 9, 0);
type Notify = Extract<EngineEffect, { kind: 'notify' }>;

describe('the customer’s reason of a step', () => {
  let flow: Pick<FlowDefinition, 'events'>;

  beforeEach(() => {
    flow = {
      events: {
        ASK: { fields: { question: { type: 'text', to_customer: true }, internal: { type: 'text' }, hint: { type: 'text', to_customer: true } } },
        ESCALATE: { fields: { reason: { type: 'text' } } },
      },
    } as unknown as Pick<FlowDefinition, 'events'>;
  });

  it('is the host’s own reason first, whatever the event carries', () => {
    expect(customerReason(flow, 'ASK', { question: 'Q?' }, 'SLA breached')).to.equal('SLA breached');
  });

  it('joins the to_customer fields in declaration order, trimmed, skipping empty and non-text ones', () => {
    expect(customerReason(flow, 'ASK', { hint: ' see manual ', internal: 'secret', question: ' Which model? ' })).to.equal('Which model?\n\nsee manual');
    expect(customerReason(flow, 'ASK', { question: '   ', hint: 3, internal: 'secret' })).to.equal(undefined);
    expect(customerReason(flow, 'ASK', { question: 'Q', reason: 'r' })).to.equal('Q');
  });

  it('falls back to the event’s reason field, and is undefined without one', () => {
    expect(customerReason(flow, 'ESCALATE', { reason: 'many users' })).to.equal('many users');
    expect(customerReason(flow, 'ASK', { question: '', reason: 'why' })).to.equal('why');
    expect(customerReason(flow, 'ESCALATE', { reason: '' })).to.equal(undefined);
    expect(customerReason(flow, 'ESCALATE', { reason: 5 })).to.equal(undefined);
    expect(customerReason(flow, 'ESCALATE', undefined)).to.equal(undefined);
    expect(customerReason(undefined, 'ASK', { question: 'Q', reason: 'r' })).to.equal('r');
    expect(customerReason(flow, undefined, { question: 'Q' })).to.equal(undefined);
  });
});

describe('the notify request of an effect', () => {
  let ticket: TicketInfo;

  beforeEach(() => {
    ticket = { number: 'T-9', customer: { id: 'c-1', email: 'ada@x.example' }, channel: 'mail', subject: 'VPN', priority: 'P2', topic: 'demo-express', fields: {} };
  });

  it('names ticket, step, template and audience in its key and carries the ticket’s current view', () => {
    const flow = loadFlowOrThrow('flows/demo-express.yaml');
    const { engine, effects } = TicketEngine.open(flow, CALENDAR_24X7, ticket, NOW);
    const mail = effects.find((effect): effect is Notify => effect.kind === 'notify' && effect.audience === 'customer')!;
    const request = notificationRequest(engine, mail, NOW);
    expect(request).to.deep.equal({
      idempotencyKey: 'T-9:1:received:customer',
      kind: 'received',
      audience: 'customer',
      ticket: {
        number: 'T-9',
        subject: 'VPN',
        priority: 'P2',
        flowId: 'demo-express',
        flowTitle: flow.title,
        state: 'received',
        stateTitle: engine.state.title,
        stateTitles: { de: 'Eingegangen', en: 'Received', pl: 'Przyjęte' },
        tier: 'L1',
        // P2: first response 1m, the received state 1m, resolution 10m.
        dueAt: new Date(NOW + 60_000).toISOString(),
        slaStatus: 'ok',
        timeZone: 'UTC',
        customer: { id: 'c-1', email: 'ada@x.example' },
      },
    });
  });

  it('adds reason, event, message, owner and the bounced addresses only when there are any', () => {
    const flow = loadFlowOrThrow('flows/it-desk-incident.yaml');
    const { engine } = TicketEngine.open(flow, CALENDAR_24X7, { ...ticket, topic: flow.id, priority: 'P3' }, NOW);
    engine.recordAssignment('zoe', 'L1', 'new ticket', NOW);
    engine.deliveryBounced('Ada@X.example', '550', NOW);
    engine.deliveryBounced('ada@x.example', '550', NOW);
    engine.notificationFailed('resolved', 'customer', 'full', NOW);
    const effect: Notify = { kind: 'notify', seq: 7, template: 'customer_message', audience: 'assignee', reason: 'why', event: 'ACCEPT', message: '' };
    const request = notificationRequest(engine, effect, NOW);
    expect(request).to.deep.include({ idempotencyKey: 'T-9:7:customer_message:assignee', reason: 'why', event: 'ACCEPT', message: '' });
    expect(request.ticket).to.deep.include({ assignee: 'zoe', bouncedAddresses: ['ada@x.example'] });
    // The shipped flow names its states per language: the mail gets the current state's titles.
    expect(request.ticket.stateTitles).to.deep.equal(flow.states['new']!.titles);
    expect(request.ticket.stateTitles).to.have.keys('de', 'en', 'pl');
    const bare = notificationRequest(engine, { kind: 'notify', seq: 7, template: 'sla_warning', audience: 'team' }, NOW);
    expect(bare).to.not.have.any.keys('reason', 'event', 'message');
  });
});

describe('request receipts (idempotency keys across runs)', () => {
  let receipts: RequestReceipts;

  beforeEach(() => {
    receipts = new RequestReceipts();
  });

  it('names what is wrong with a key', () => {
    expect(requestKeyProblem(undefined)).to.equal(undefined);
    expect(requestKeyProblem({ key: 'k', attempt: 'a' })).to.equal(undefined);
    expect(requestKeyProblem({ key: ' ', attempt: 'a' })).to.equal('the idempotency key must be a non-empty string');
    expect(requestKeyProblem({ key: 3 as never, attempt: 'a' })).to.equal('the idempotency key must be a non-empty string');
    expect(requestKeyProblem({ key: 'k'.repeat(MAX_REQUEST_KEY_LENGTH), attempt: 'a' })).to.equal(undefined);
    expect(requestKeyProblem({ key: 'k'.repeat(MAX_REQUEST_KEY_LENGTH + 1), attempt: 'a' })).to.equal(`the idempotency key is longer than ${MAX_REQUEST_KEY_LENGTH} characters`);
    expect(requestKeyProblem({ key: 'k', attempt: undefined as never })).to.equal('the attempt id must be a string');
  });

  it('finds the receipt of the try that applied a request, by key, and carries it', () => {
    expect(receipts.find({ key: 'k1', attempt: 'a' })).to.equal(undefined);
    expect(receipts.find(undefined)).to.equal(undefined);
    expect(receipts.record(undefined, 3)).to.equal(undefined);
    expect(receipts.record({ key: 'k1', attempt: 'try-1' }, 4)).to.deep.equal({ key: 'k1', attempt: 'try-1', seq: 4 });
    expect(receipts.find({ key: 'k1', attempt: 'try-2' })).to.deep.equal({ key: 'k1', attempt: 'try-1', seq: 4 });
    expect(receipts.carry()).to.deep.equal([{ key: 'k1', attempt: 'try-1', seq: 4 }]);
    const next = new RequestReceipts(receipts.carry());
    expect(next.find({ key: 'k1', attempt: 'x' })).to.deep.equal({ key: 'k1', attempt: 'try-1', seq: 4 });
  });

  it('keeps only the newest receipts up to its limit, dropping the oldest', () => {
    const small = new RequestReceipts([{ key: 'a', attempt: '1', seq: 1 }], 2);
    small.record({ key: 'b', attempt: '1' }, 2);
    small.record({ key: 'c', attempt: '1' }, 3);
    expect(small.carry().map((receipt) => receipt.key)).to.deep.equal(['b', 'c']);
    expect(small.find({ key: 'a', attempt: '1' })).to.equal(undefined);
    const defaults = new RequestReceipts();
    for (let index = 0; index < 501; index++) defaults.record({ key: `k${index}`, attempt: 'a' }, index);
    expect(defaults.carry()).to.have.length(500);
    expect(defaults.find({ key: 'k0', attempt: 'a' })).to.equal(undefined);
    expect(defaults.find({ key: 'k1', attempt: 'a' })).to.deep.equal({ key: 'k1', attempt: 'a', seq: 1 });
  });
});

describe('search attributes and memo of a ticket', () => {
  it('writes only the values given, null to clear one, in the one declared order', () => {
    const due = new Date(NOW);
    const pairs = ticketSearchAttributePairs({ state: 'new', flow: 'it-desk-incident', assignee: null, dueAt: due });
    expect(pairs.map((pair) => [pair.key.name, pair.value])).to.deep.equal([
      ['SopFlow', 'it-desk-incident'],
      ['SopState', 'new'],
      ['SopAssignee', null],
      ['SopDueAt', due],
    ]);
    expect(pairs[0]!.key).to.equal(ticketSearchAttributes.flow);
    expect(ticketSearchAttributePairs({})).to.deep.equal([]);
  });

  it('tells the dev server each attribute’s type by name', () => {
    expect(ticketSearchAttributeTypes).to.deep.equal({
      SopFlow: 'Keyword',
      SopFlowVersion: 'Int',
      SopState: 'Keyword',
      SopTier: 'Keyword',
      SopPriority: 'Keyword',
      SopAssignee: 'Keyword',
      SopCustomer: 'Keyword',
      SopTopic: 'Keyword',
      SopSlaStatus: 'Keyword',
      SopDueAt: 'Datetime',
      SopChangedAt: 'Datetime',
    });
  });

  it('keeps number, subject and flow title in the memo', () => {
    const flow = loadFlowOrThrow('flows/it-desk-incident.yaml');
    const ticket: TicketInfo = { number: 'T-1', customer: { id: 'c' }, channel: 'web', subject: 'Printer', priority: 'P3', topic: flow.id, fields: {} };
    expect(ticketMemo(flow, ticket)).to.deep.equal({ ticket: 'T-1', subject: 'Printer', flowTitle: 'IT incident' });
  });
});
