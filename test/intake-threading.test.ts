import { expect } from 'chai';
import { decideThread } from '../src/intake/thread-decision';
import type { TicketFacts, ThreadInput } from '../src/intake/thread-decision';
import { ticketNumbersIn, ticketOfHeaders } from '../src/intake/ticket-reference';
import { messageIdFor, ticketOfMessageId, ticketThreadId } from '../src/notify/channels/message-id';

const SECRET = 'threading-test-secret-0123456789';
const NOW = Date.parse('2026-12-01T12:00:00Z');
const DAY = 86_400_000;
const open: TicketFacts = { number: 'SOP-261201-7K3MQ', exists: true, open: true, flow: 'it-desk-incident', customerId: 'anna@kunde.example', customerEmail: 'anna@kunde.example' };
const input = (over: Partial<ThreadInput>): ThreadInput => ({
  sender: 'anna@kunde.example',
  agentAddresses: new Set(['anna.schmidt@musterfirma.example']),
  reopenWindowMs: (flow) => (flow === 'password-reset' ? 2 * DAY : 7 * DAY),
  now: NOW,
  ...over,
});

describe('intake: signed message ids', () => {
  it('name their ticket only with the right secret and an untouched MAC', () => {
    const id = messageIdFor('key-1', 'anna@kunde.example', 'musterfirma.example', 'SOP-261201-7K3MQ', SECRET);
    expect(id).to.match(/^<[0-9a-f]{32}\.ticket\.SOP-261201-7K3MQ\.[0-9a-f]{16}\.sopflow@musterfirma\.example>$/);
    expect(ticketOfMessageId(id, SECRET)).to.equal('SOP-261201-7K3MQ');
    expect(ticketOfMessageId(ticketThreadId('SOP-261201-7K3MQ', 'musterfirma.example', SECRET), SECRET)).to.equal('SOP-261201-7K3MQ');
    expect(ticketOfMessageId(id, 'another-secret-of-another-desk')).to.equal(undefined);
    // Someone who knows a number and our format still cannot name another ticket.
    expect(ticketOfMessageId(id.replace('7K3MQ', '7K3MR'), SECRET)).to.equal(undefined);
    expect(ticketOfMessageId('<ticket.SOP-261201-7K3MQ.sopflow@musterfirma.example>', SECRET)).to.equal(undefined);
    expect(ticketOfMessageId('<CAF=x@mail.example.com>', SECRET)).to.equal(undefined);
  });

  it('are the same for the same notification and recipient (a resend is recognisable), different otherwise', () => {
    const a = messageIdFor('key-1', 'anna@kunde.example', 'musterfirma.example', 'SOP-261201-7K3MQ', SECRET);
    expect(messageIdFor('key-1', 'ANNA@kunde.example', 'musterfirma.example', 'SOP-261201-7K3MQ', SECRET)).to.equal(a);
    expect(messageIdFor('key-2', 'anna@kunde.example', 'musterfirma.example', 'SOP-261201-7K3MQ', SECRET)).not.to.equal(a);
  });

  it('are found in In-Reply-To first, then References from the newest', () => {
    const x = messageIdFor('k', 'a@b.example', 'd.example', 'SOP-261201-XXXXX', SECRET).slice(1, -1);
    const y = ticketThreadId('SOP-261201-YYYYY', 'd.example', SECRET).slice(1, -1);
    expect(ticketOfHeaders([x], [y], SECRET)).to.equal('SOP-261201-XXXXX');
    expect(ticketOfHeaders(['foreign@x.example'], [x, y], SECRET)).to.equal('SOP-261201-YYYYY');
    expect(ticketOfHeaders([], ['foreign@x.example'], SECRET)).to.equal(undefined);
  });

  it('ticket numbers are read from subjects in any case', () => {
    expect(ticketNumbersIn('AW: [sop-261201-7k3mq] Drucker / SOP-261130-ABCDE')).to.deep.equal(['SOP-261201-7K3MQ', 'SOP-261130-ABCDE']);
    expect(ticketNumbersIn('Frage zu SOP-26-1')).to.deep.equal([]);
  });
});

describe('intake: threading decisions', () => {
  it('appends a reply to our mail (signed id) even from a colleague in CC', () => {
    const decision = decideThread(input({ sender: 'kollege@kunde.example', byHeaders: open }));
    expect(decision).to.deep.equal({ kind: 'append', number: open.number, reason: `replies to our mail about ${open.number} (signed message id in In-Reply-To/References)` });
  });

  it('appends by the subject number only for the customer or an agent', () => {
    expect(decideThread(input({ bySubject: open }))).to.include({ kind: 'append', number: open.number });
    expect(decideThread(input({ sender: 'anna.schmidt@musterfirma.example', bySubject: open }))).to.include({ kind: 'append', number: open.number });
    const stranger = decideThread(input({ sender: 'mallory@evil.example', bySubject: open }));
    expect(stranger).to.deep.equal({
      kind: 'new',
      linkedTo: open.number,
      reason: `names ${open.number} in the subject, but mallory@evil.example is not its customer or an agent: a new ticket, linked`,
    });
  });

  it('opens a follow-up on the same flow for a reply to a ticket closed within the reopen window', () => {
    const closed = { ...open, open: false, closedAt: new Date(NOW - 3 * DAY).toISOString() };
    const decision = decideThread(input({ byHeaders: closed }));
    expect(decision).to.deep.include({ kind: 'new', linkedTo: open.number, followUp: { number: open.number, flow: 'it-desk-incident' } });
    expect(decision.reason).to.match(/is closed, so a follow-up ticket opens, linked to it$/);
  });

  it('opens an ordinary linked ticket once the flow’s reopen window has passed', () => {
    const closed = { ...open, flow: 'password-reset', open: false, closedAt: new Date(NOW - 3 * DAY).toISOString() };
    const decision = decideThread(input({ byHeaders: closed }));
    expect(decision).to.deep.equal({
      kind: 'new',
      linkedTo: open.number,
      reason: `replies to our mail about ${open.number} (signed message id in In-Reply-To/References); ${open.number} closed more than 2 days ago (the reopen window): a new ticket, linked`,
    });
  });

  it('opens a new ticket when nothing or an unknown ticket is named', () => {
    expect(decideThread(input({}))).to.deep.equal({ kind: 'new', reason: 'names no ticket: a new ticket' });
    expect(decideThread(input({ bySubject: { number: 'SOP-261201-NOPE0', exists: false, open: false } }))).to.deep.equal({
      kind: 'new',
      reason: 'names SOP-261201-NOPE0, which does not exist: a new ticket',
    });
  });

  it('prefers the signed id over a subject that names another ticket', () => {
    const other = { ...open, number: 'SOP-261201-OTHER' };
    expect(decideThread(input({ byHeaders: open, bySubject: other }))).to.include({ kind: 'append', number: open.number });
  });
});
