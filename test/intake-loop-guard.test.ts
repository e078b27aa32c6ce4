import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../src/config';
import { loopVerdict } from '../src/intake/loop-guard';
import { planRecipients } from '../src/notify/recipients';
import { parseMail } from '../src/intake/parse-mail';
import { messageIdFor } from '../src/notify/channels/message-id';
import { composeMail } from './helpers/compose-mail';

const OWN = new Set(['servicedesk@musterfirma.example']);
const SECRET = 'loop-guard-test-secret-0123456789';

async function verdictOf(headers: Record<string, string>, from = 'Anna Kunde <anna@kunde.example>') {
  return loopVerdict(await parseMail(await composeMail({ from, subject: 'Re: Ihr Ticket', text: 'Ich bin bis Montag nicht im Büro.', headers })), OWN);
}

describe('intake: loop and bounce guard', () => {
  it('accepts a mail a person wrote', async () => {
    expect(await verdictOf({})).to.deep.equal({ kind: 'accept' });
    expect(await verdictOf({ 'Auto-Submitted': 'no' })).to.deep.equal({ kind: 'accept' });
    expect(await verdictOf({ Precedence: 'first-class' })).to.deep.equal({ kind: 'accept' });
  });

  it('never tickets auto-replies, lists and bulk mail, and says which header told', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ 'Auto-Submitted': 'auto-replied' }, /Auto-Submitted: auto-replied/],
      [{ 'Auto-Submitted': 'auto-notified' }, /Auto-Submitted: auto-notified/],
      [{ Precedence: 'bulk' }, /Precedence: bulk/],
      [{ Precedence: 'junk' }, /Precedence: junk/],
      [{ Precedence: 'list' }, /Precedence: list/],
      [{ 'X-Auto-Response-Suppress': 'All' }, /X-Auto-Response-Suppress/],
      [{ 'List-Id': '<news.kunde.example>' }, /List-Id: <news.kunde.example>/],
      [{ 'List-Unsubscribe': '<mailto:unsubscribe@kunde.example>' }, /List-Unsubscribe/],
    ];
    for (const [headers, reason] of cases) {
      const verdict = await verdictOf(headers);
      expect(verdict.kind, JSON.stringify(headers)).to.equal('automatic');
      expect(verdict.kind === 'automatic' && verdict.reason, JSON.stringify(headers)).to.match(reason);
    }
  });

  it('never tickets mail from a mail system or from our own address', async () => {
    const daemon = await verdictOf({}, 'MAILER-DAEMON@mx.kunde.example');
    expect(daemon).to.deep.equal({ kind: 'automatic', reason: 'sent by a mail system (mailer-daemon@mx.kunde.example)' });
    const own = await verdictOf({}, 'Servicedesk <ServiceDesk@musterfirma.example>');
    expect(own).to.deep.equal({ kind: 'automatic', reason: 'sent from our own address servicedesk@musterfirma.example' });
  });

  it('treats a read receipt (multipart/report, disposition-notification) as automatic, not as a bounce', async () => {
    const raw = Buffer.from(
      'From: anna@kunde.example\r\nTo: servicedesk@musterfirma.example\r\nSubject: Gelesen: Ihr Ticket\r\nContent-Type: multipart/report; report-type=disposition-notification; boundary="r"\r\n\r\n--r\r\nContent-Type: text/plain\r\n\r\nwas read\r\n--r\r\nContent-Type: message/disposition-notification\r\n\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n--r--\r\n',
    );
    expect(loopVerdict(await parseMail(raw), OWN)).to.deep.equal({ kind: 'automatic', reason: 'a disposition-notification report (multipart/report)' });
  });

  it('recognises a delivery status report and finds the bounced message and the failed recipient', async () => {
    const ours = messageIdFor('key-1', 'gone@kunde.example', 'musterfirma.example', 'SOP-261201-AAAAA', SECRET).slice(1, -1);
    const raw = readFileSync(join(__dirname, 'fixtures', 'mail', 'bounce-dsn.eml'), 'utf8').replace('MESSAGE_ID_PLACEHOLDER', ours);
    const verdict = loopVerdict(await parseMail(Buffer.from(raw)), OWN);
    expect(verdict).to.deep.equal({
      kind: 'bounce',
      reason: 'a delivery status report (multipart/report)',
      bouncedMessageIds: [ours],
      failedRecipients: ['gone@kunde.example'],
    });
  });
});

describe('intake: a bounced address is not mailed again', () => {
  it('skips the customer e-mail whose mail bounced, with the reason, and keeps other addresses', () => {
    const config = loadConfig(join(__dirname, '..', 'sopflow.config.yaml'));
    const request = {
      idempotencyKey: 'k',
      kind: 'status_changed',
      audience: 'customer' as const,
      ticket: { number: 'SOP-261201-AAAAA', subject: 's', priority: 'P2', flowId: 'f', flowTitle: 'F', state: 'a', stateTitle: 'A', slaStatus: 'ok', customer: { id: 'c', email: 'Gone@kunde.example' } },
    };
    expect(planRecipients(request, config).email).to.deep.equal(['Gone@kunde.example']);
    const bounced = planRecipients({ ...request, ticket: { ...request.ticket, bouncedAddresses: ['gone@kunde.example'] } }, config);
    expect(bounced.email).to.deep.equal([]);
    expect(bounced.skipped).to.deep.equal([{ channel: 'email', recipient: 'Gone@kunde.example', why: 'mail to this address bounced; it is not mailed again from this ticket' }]);
  });
});
