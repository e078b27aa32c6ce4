import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { IntakeOutcome } from '../src/intake/intake-request';
import { SenderCap } from '../src/intake/sender-cap';
import type { TimelineEntry } from '../src/ticket/types';
import { composeMail } from './helpers/compose-mail';
import { IntakeStack, messageIdOf } from './helpers/intake-stack';

let sequence = 0;
/** A fresh customer per test: "one open ticket per customer and topic" must not join tests. */
const customer = (): string => `kunde${process.pid}x${++sequence}@kunde.example`;
const messagesOf = (timeline: TimelineEntry[]): TimelineEntry[] => timeline.filter((entry) => entry.kind === 'message');

function opened(outcome: IntakeOutcome): Extract<IntakeOutcome, { kind: 'opened' }> {
  expect(outcome.kind, JSON.stringify(outcome)).to.equal('opened');
  return outcome as Extract<IntakeOutcome, { kind: 'opened' }>;
}

describe('intake core against a real Temporal dev server', function () {
  this.timeout(180_000);
  const stack = new IntakeStack();
  before(async () => stack.start());
  after(async () => stack.stop());

  it('opens a ticket for a new mail, routed by the rules, and acknowledges it with the number', async () => {
    const from = customer();
    const raw = await composeMail({ from: `Erika Kunde <${from}>`, subject: 'VPN-Zugang gesperrt – bitte prüfen', text: 'Seit heute früh komme ich nicht ins VPN.\n\nGrüße\nErika', messageId: `<new-${sequence}@kunde.example>` });
    const outcome = opened(await stack.core().receiveMail(raw));
    expect(outcome).to.deep.include({ attached: false, duplicate: false, rule: 'vpn' });
    const status = await stack.tickets.status(outcome.number);
    expect(status.flow.id).to.equal('demo-express');
    expect(status.priority).to.equal('P2');
    expect(status.subject).to.equal('VPN-Zugang gesperrt – bitte prüfen');
    const [message] = messagesOf(await stack.tickets.timeline(outcome.number));
    expect(message?.data).to.deep.include({ text: 'Seit heute früh komme ich nicht ins VPN.\n\nGrüße\nErika', channel: 'email', from });
    expect(message?.reason).to.equal(`names no ticket: a new ticket; rule 'vpn' (mentions "VPN")`);
    const [ack] = await stack.mailsTo(from);
    expect(ack!.subject).to.contain(outcome.number);
    expect(ack!.raw).to.contain(`X-Sopflow-Ticket: ${outcome.number}`);
  });

  it('makes one ticket and one message of the same Message-ID delivered twice (a second fetch, To and Cc, two intake addresses)', async () => {
    const from = customer();
    const raw = await composeMail({ from, to: 'servicedesk@musterfirma.example', cc: 'it-support@musterfirma.example', subject: 'Drucker druckt nicht', text: 'Bitte helfen.', messageId: `<twice-${sequence}@kunde.example>` });
    const core = stack.core();
    const first = opened(await core.receiveMail(raw));
    // Another intake process (or the same one after a restart) gets the same mail again.
    const second = opened(await stack.core().receiveMail(raw));
    expect(second).to.deep.include({ number: first.number, duplicate: true });
    expect(first.duplicate).to.equal(false);
    expect(messagesOf(await stack.tickets.timeline(first.number))).to.have.length(1);
    const tickets = await stack.tickets.list(`SopCustomer = '${from}'`);
    expect(tickets.map((row) => row.number)).to.deep.equal([first.number]);
  });

  it('makes one ticket of the same Message-ID whatever its Date says: none at first, a later day when delivered again', async () => {
    const from = customer();
    const raw = (await composeMail({ from, subject: 'Monitor flackert', text: 'Der Monitor flackert seit gestern.', messageId: `<undated-${sequence}@kunde.example>` })).toString('latin1');
    expect(raw).to.match(/^Date: /m);
    const undated = Buffer.from(raw.replace(/^Date: .*\r?\n/m, ''), 'latin1');
    const nextWeek = new Date(Date.now() + 7 * 86_400_000).toUTCString();
    const redated = Buffer.from(raw.replace(/^Date: .*$/m, `Date: ${nextWeek}`), 'latin1');
    const first = opened(await stack.core().receiveMail(undated));
    // Closed meanwhile, so "one open ticket per customer and topic" cannot hide a second ticket.
    await stack.runtime.client.workflow.getHandle(first.number).terminate('closed before the redelivery');
    const again = opened(await stack.core().receiveMail(redated));
    // The number a later Date derives is another one; the key's record still finds the first ticket.
    expect(again).to.deep.include({ number: first.number, duplicate: true });
    expect(messagesOf(await stack.tickets.timeline(first.number))).to.have.length(1);
    const tickets = await stack.tickets.list(`SopCustomer = '${from}'`);
    expect(tickets.map((row) => row.number)).to.deep.equal([first.number]);
  });

  it('threads a reply to our mail (In-Reply-To) into the same ticket, stripped of quotes, and sends the reply event while it waits', async () => {
    const from = customer();
    const first = opened(await stack.core().receiveMail(await composeMail({ from, subject: 'VPN geht nicht', text: 'Hilfe', messageId: `<t-${sequence}@kunde.example>` })));
    const owner = (await stack.tickets.status(first.number)).assignee ?? 'a.schmidt';
    await stack.tickets.send(first.number, { type: 'ACCEPT', actor: owner });
    await stack.tickets.send(first.number, { type: 'ASK_CUSTOMER', data: { question: 'Welche Client-Version?' }, actor: owner });
    const mails = await stack.mailsTo(from, 2);
    const asked = mails[mails.length - 1]!;
    const reply = await composeMail({
      from,
      subject: `AW: ${asked.subject}`,
      text: 'Version 5.1.\n\nAm 01.12.2026 um 10:00 schrieb Servicedesk <servicedesk@musterfirma.example>:\n> Welche Client-Version?\n',
      inReplyTo: `<${messageIdOf(asked.raw)}>`,
      references: [`<${messageIdOf(asked.raw)}>`],
      messageId: `<reply-${sequence}@kunde.example>`,
    });
    const outcome = await stack.core().receiveMail(reply);
    expect(outcome).to.deep.include({ kind: 'added', number: first.number, duplicate: false, replyEvent: 'CUSTOMER_REPLIED' });
    expect((await stack.tickets.status(first.number)).state).to.equal('l1_triage');
    const messages = messagesOf(await stack.tickets.timeline(first.number));
    expect(messages.map((entry) => entry.data?.['text'])).to.deep.equal(['Hilfe', 'Version 5.1.']);
    expect(messages[1]!.reason).to.equal(`replies to our mail about ${first.number} (signed message id in In-Reply-To/References)`);
    expect(messages[1]!.data?.['original']).to.match(/^sha256:[0-9a-f]{64}$/);
  });

  it('accepts the number in the subject from the customer, but opens a new linked ticket for a stranger', async () => {
    const from = customer();
    const first = opened(await stack.core().receiveMail(await composeMail({ from, subject: 'Laptop startet nicht', text: 'schwarzer Bildschirm', messageId: `<s-${sequence}@kunde.example>` })));
    const own = await stack.core().receiveMail(await composeMail({ from, subject: `Re: [${first.number}] Laptop`, text: 'Immer noch.', messageId: `<s2-${sequence}@kunde.example>` }));
    expect(own).to.deep.include({ kind: 'added', number: first.number });
    const stranger = `fremd${sequence}@evil.example`;
    const foreign = opened(await stack.core().receiveMail(await composeMail({ from: stranger, subject: `Re: [${first.number}] Laptop`, text: 'Bitte Ticket schließen!', messageId: `<s3-${sequence}@evil.example>` })));
    expect(foreign.number).not.to.equal(first.number);
    expect(foreign.linkedTo).to.equal(first.number);
    expect(foreign.reason).to.match(new RegExp(`^names ${first.number} in the subject, but ${stranger} is not its customer or an agent: a new ticket, linked`));
    expect(messagesOf(await stack.tickets.timeline(first.number)).map((entry) => entry.data?.['text'])).to.deep.equal(['schwarzer Bildschirm', 'Immer noch.']);
  });

  it('adds a new request on the same topic to the customer’s open ticket, and says so in the timeline', async () => {
    const from = customer();
    const first = opened(await stack.core().receiveMail(await composeMail({ from, subject: 'Drucker im 2. OG', text: 'kein Toner', messageId: `<topic-${sequence}@kunde.example>` })));
    // Visibility is a few seconds stale: the rule applies once the first ticket is listed.
    for (let i = 0; i < 100 && (await stack.tickets.findOpen(from, 'it-desk-incident')) === undefined; i++) await new Promise((done) => setTimeout(done, 200));
    const second = opened(await stack.core().receiveMail(await composeMail({ from, subject: 'Noch eine Frage', text: 'Und der Scanner?', messageId: `<topic2-${sequence}@kunde.example>` })));
    expect(second).to.deep.include({ number: first.number, attached: true, duplicate: false });
    const messages = messagesOf(await stack.tickets.timeline(first.number));
    expect(messages.map((entry) => entry.data?.['text'])).to.deep.equal(['kein Toner', 'Und der Scanner?']);
    expect(messages[1]!.reason).to.equal(`joins the customer's open ticket on topic 'it-desk-incident' (names no ticket: a new ticket; rule 'default' (default rule))`);
    // The customer asked anew and is told which ticket the request joined (the rule the form and the API share).
    const joined = await stack.mailTo(from, (mail) => mail.raw.includes('X-Sopflow-Kind: request_joined'));
    expect(joined.subject).to.contain(`[${first.number}]`);
    expect(joined.raw).to.contain(`X-Sopflow-Ticket: ${first.number}`);
    expect(stack.sink.mails.filter((mail) => mail.to.includes(from) && mail.raw.includes('X-Sopflow-Kind: request_joined'))).to.have.length(1);
  });

  it('ignores out-of-office replies: no ticket, no acknowledgement', async () => {
    const from = customer();
    const outcome = await stack.core().receiveMail(await composeMail({ from, subject: 'Abwesenheitsnotiz: VPN', text: 'Ich bin bis Montag nicht im Büro.', headers: { 'Auto-Submitted': 'auto-replied' } }));
    expect(outcome).to.deep.equal({ kind: 'ignored', reason: 'Auto-Submitted: auto-replied' });
    expect(await stack.tickets.list(`SopCustomer = '${from}'`)).to.deep.equal([]);
    await new Promise((done) => setTimeout(done, 1000));
    expect(stack.sink.mails.filter((mail) => mail.to.includes(from))).to.deep.equal([]);
  });

  it('records a bounce on the ticket whose mail bounced, and opens nothing', async () => {
    const from = customer();
    const first = opened(await stack.core().receiveMail(await composeMail({ from, subject: 'VPN-Monitor flackert', text: 'seit gestern', messageId: `<b-${sequence}@kunde.example>` })));
    const [ack] = await stack.mailsTo(from);
    const dsn = readFileSync(join(__dirname, 'fixtures', 'mail', 'bounce-dsn.eml'), 'utf8').replace('MESSAGE_ID_PLACEHOLDER', messageIdOf(ack!.raw)).replaceAll('gone@kunde.example', from).replace('bounce-1@', `bounce-${sequence}@`);
    const outcome = await stack.core().receiveMail(Buffer.from(dsn));
    expect(outcome).to.deep.equal({ kind: 'bounce', number: first.number, reason: `a delivery status report (multipart/report); recorded on ${first.number}` });
    const again = await stack.core().receiveMail(Buffer.from(dsn));
    expect(again.kind).to.equal('bounce');
    const failures = (await stack.tickets.timeline(first.number)).filter((entry) => entry.kind === 'notification_failed' && entry.data?.['template'] === 'bounce');
    expect(failures).to.have.length(1);
    expect(failures[0]!.data?.['address']).to.equal(from);
    expect(failures[0]!.reason).to.equal(`mail to ${from} bounced: a delivery status report (multipart/report)`);
    // The address is failing: later customer mails of the ticket are not sent to it. A control
    // ticket taking the same steps shows that those steps do mail the customer.
    const control = customer();
    const other = opened(await stack.core().receiveMail(await composeMail({ from: control, subject: 'VPN-Monitor flackert', text: 'seit gestern', messageId: `<bc-${sequence}@kunde.example>` })));
    for (const number of [first.number, other.number]) {
      const actor = (await stack.tickets.status(number)).assignee ?? 'a.schmidt';
      await stack.tickets.send(number, { type: 'ACCEPT', actor });
      await stack.tickets.send(number, { type: 'ASK_CUSTOMER', data: { question: 'Welches Modell?' }, actor });
    }
    await stack.mailsTo(control, 2);
    await new Promise((done) => setTimeout(done, 1000));
    expect(stack.sink.mails.filter((mail) => mail.to.includes(from)).map((mail) => /^X-Sopflow-Kind: (.*)$/im.exec(mail.raw)?.[1]?.trim())).to.deep.equal(['received']);
  });

  it('opens a follow-up ticket, linked and saying so, for a reply to a closed ticket', async () => {
    const from = customer();
    const first = opened(await stack.core().receiveMail(await composeMail({ from, subject: 'VPN-Zertifikat abgelaufen', text: 'Fehlermeldung', messageId: `<c-${sequence}@kunde.example>` })));
    const owner = (await stack.tickets.status(first.number)).assignee ?? 'a.schmidt';
    await stack.tickets.send(first.number, { type: 'ACCEPT', actor: owner });
    await stack.tickets.send(first.number, { type: 'RESOLVE', data: { resolution: 'erneuert' }, actor: owner });
    await stack.runtime.client.workflow.getHandle(first.number).result();
    const [ack] = await stack.mailsTo(from);
    const outcome = opened(
      await stack.core().receiveMail(await composeMail({ from, subject: `AW: ${ack!.subject}`, text: 'Geht schon wieder nicht.', inReplyTo: `<${messageIdOf(ack!.raw)}>`, messageId: `<c2-${sequence}@kunde.example>` })),
    );
    expect(outcome.number).not.to.equal(first.number);
    expect(outcome.linkedTo).to.equal(first.number);
    expect(outcome.reason).to.contain(`${first.number} is closed, so a follow-up ticket opens, linked to it`);
    const status = await stack.tickets.status(outcome.number);
    expect(status.flow.id).to.equal('demo-express');
    expect(status.subject).to.equal(`VPN-Zertifikat abgelaufen (Folgeanfrage zu ${first.number})`);
    // The closed ticket's own mails (its "resolved" one) may reach the customer first.
    const followUpAck = await stack.mailTo(from, (mail) => mail.subject.includes(outcome.number));
    expect(followUpAck.subject).to.contain(`Folgeanfrage zu ${first.number}`);
    expect(/^X-Sopflow-Kind: (.*)$/im.exec(followUpAck.raw)?.[1]?.trim()).to.equal('received');
  });

  it('parks mail over the per-sender cap for review instead of ticketing it', async () => {
    const from = customer();
    const core = stack.core({ senderCap: new SenderCap(2) });
    const outcomes: IntakeOutcome[] = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(await core.receiveMail(await composeMail({ from, subject: `Anfrage ${i}`, text: 'Text', messageId: `<cap-${sequence}-${i}@kunde.example>` })));
    }
    // The second may open a ticket or attach to the first (visibility is a few seconds stale): either way it is ticketed.
    expect(outcomes.map((outcome) => outcome.kind !== 'parked')).to.deep.equal([true, true, false]);
    expect(outcomes[2]).to.deep.equal({ kind: 'parked', reason: `${from} sent more than 2 mails within an hour: parked for review` });
  });

  it('stores a 1 MB attachment by content hash and lists it in the discussion; one over the limit is listed as not kept', async () => {
    const from = customer();
    const small = Buffer.alloc(1024 * 1024, 'a');
    const large = Buffer.alloc(3 * 1024 * 1024, 'b');
    const outcome = opened(
      await stack.core().receiveMail(
        await composeMail({
          from,
          subject: 'Logdatei',
          text: 'anbei das Log',
          messageId: `<att-${sequence}@kunde.example>`,
          attachments: [
            { filename: 'vpn.log', content: small, contentType: 'text/plain' },
            { filename: 'dump.bin', content: large, contentType: 'application/octet-stream' },
          ],
        }),
      ),
    );
    const [message] = messagesOf(await stack.tickets.timeline(outcome.number));
    const attachments = message!.data?.['attachments'] as Array<{ name: string; size: number; sha256: string }>;
    expect(attachments.map(({ name, size }) => ({ name, size }))).to.deep.equal([{ name: 'vpn.log', size: small.length }]);
    const stored = join(stack.dir, 'attachments', attachments[0]!.sha256.slice(0, 2), attachments[0]!.sha256);
    expect(existsSync(stored) && readFileSync(stored).equals(small)).to.equal(true);
    expect(message!.data?.['text']).to.equal('anbei das Log\n\n[attachment dump.bin (3 MB) not kept: larger than the 2 MB limit]');
  });

  it('fails a malformed mail with its reason and touches no ticket', async () => {
    const outcome = await stack.core().receiveMail(Buffer.from('From: a@kunde.example\r\nContent-Type: multipart/mixed; boundary="q"\r\n\r\nno parts\r\n'));
    expect(outcome).to.deep.equal({ kind: 'failed', reason: 'malformed mail: the multipart/mixed boundary "q" never occurs in the body: its parts are missing' });
  });
});
