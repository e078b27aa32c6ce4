import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createNotifyActivities } from '../src/activities/notify';
import { parseConfig } from '../src/config';
import type { SopflowConfig } from '../src/config';
import type { NotificationRequest } from '../src/notify/notification-request';
import { createFileOutbox } from '../src/notify/outbox';
import type { Outbox } from '../src/notify/outbox';

/** A mail as the server received it, decoded enough to read. */
interface ReceivedMail {
  envelopeTo: string[];
  headers: Record<string, string>;
  subject: string;
  body: string;
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}

/** Just enough MIME for single-part text mails: unfold headers, decode the body. */
function parseMail(raw: string, envelopeTo: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.slice(split + 4);
  const encoding = headers['content-transfer-encoding']?.toLowerCase();
  if (encoding === 'base64') body = Buffer.from(body, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  }
  return { envelopeTo, headers, subject: decodeWords(headers['subject'] ?? ''), body: body.replace(/\r\n/g, '\n') };
}

/** A real SMTP server on loopback that keeps what it receives and refuses some recipients like a real one would. */
class TestSmtp {
  readonly mails: ReceivedMail[] = [];
  readonly rcptAttempts: string[] = [];
  private server: SMTPServer | undefined;
  port = 0;
  /** Runs once a message's data is in and before the server answers 250 (what the sender's outbox holds then). */
  beforeAccepting: ((mail: ReceivedMail) => Promise<void>) | undefined;

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        this.rcptAttempts.push(address.address);
        if (address.address.startsWith('unknown')) return callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
        if (address.address.startsWith('busy')) return callback(Object.assign(new Error('4.2.1 Mailbox busy, try again later'), { responseCode: 451 }));
        return callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const mail = parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address));
          this.mails.push(mail);
          void (this.beforeAccepting?.(mail) ?? Promise.resolve()).then(() => callback(), (err: Error) => callback(err));
        });
      },
    });
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => done());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((done) => server.close(() => done()));
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.envelopeTo.includes(address));
  }
}

function testConfig(smtpPort: number, outboxDir: string): SopflowConfig {
  const yaml = `channels:
  email:
    host: 127.0.0.1
    port: ${smtpPort}
    from: "Servicedesk Musterfirma <servicedesk@musterfirma.example>"
    timeoutMs: 3000
recipients:
  team: servicedesk@musterfirma.example
  escalationManager: leitung@musterfirma.example
  tiers: { L2: second-level@musterfirma.example }
pools:
  L2:
    strategy: least-loaded
    agents:
      - { id: k.becker, name: Katrin Becker, email: katrin.becker@musterfirma.example, capacity: 8 }
      - { id: p.nowak, name: Piotr Nowak, email: piotr.nowak@musterfirma.example, capacity: 6 }
web:
  baseUrl: http://desk.example
languages:
  default: de
notify:
  outboxDir: ${outboxDir}
  templatesDir: ${resolve('templates')}
`;
  return parseConfig(yaml, 'test.config.yaml', {});
}

let seq = 0;
function request(overrides: Partial<NotificationRequest> = {}, customer: Partial<NotificationRequest['ticket']['customer']> = {}): NotificationRequest {
  seq += 1;
  const number = `SD-2025-${String(seq).padStart(5, '0')}`;
  const audience = overrides.audience ?? 'customer';
  const kind = overrides.kind ?? 'status_changed';
  return {
    idempotencyKey: `${number}:1:${kind}:${audience}`,
    kind,
    audience,
    ticket: {
      number,
      subject: 'VPN-Verbindung bricht ab',
      priority: 'high',
      flowId: 'vpn',
      flowTitle: 'VPN-Störung',
      state: 'diagnose',
      stateTitle: 'In Diagnose',
      tier: 'L2',
      assignee: 'k.becker',
      dueAt: '2025-11-24T15:30:00Z',
      slaStatus: 'ok',
      timeZone: 'Europe/Berlin',
      customer: { id: 'c-17', name: 'Maria Maier', email: 'maria@kunde.example', language: 'de', ...customer },
    },
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }
  expect.fail('expected the activity to fail');
}

describe('notify: e-mail through a real SMTP server', () => {
  const smtp = new TestSmtp();
  let outboxDir: string;
  let activities: ReturnType<typeof createNotifyActivities>;

  before(async () => {
    await smtp.start();
  });
  after(async () => {
    await smtp.stop();
  });
  afterEach(() => {
    smtp.beforeAccepting = undefined;
  });
  beforeEach(() => {
    outboxDir = mkdtempSync(join(tmpdir(), 'sopflow-outbox-'));
    activities = createNotifyActivities({ config: testConfig(smtp.port, outboxDir), outbox: createFileOutbox(outboxDir) });
  });

  const greetings = { de: 'Guten Tag Maria Maier', en: 'Hello Maria Maier', pl: 'Dzień dobry Maria Maier' } as const;
  for (const [language, greeting] of Object.entries(greetings)) {
    it(`mails the customer in ${language} with the ticket number in the subject`, async () => {
      const req = request({}, { language, email: `maria.${language}@kunde.example` });
      const result = await activities.notify(req);
      const [mail, ...more] = smtp.to(`maria.${language}@kunde.example`);
      expect(more).to.have.length(0);
      expect(mail?.subject).to.contain(req.ticket.number);
      expect(mail?.body).to.contain(greeting).and.to.contain(`http://desk.example/tickets/${req.ticket.number}`);
      expect(mail?.headers['content-language']).to.equal(language);
      expect(mail?.headers['auto-submitted']).to.equal('auto-generated');
      expect(result.delivered).to.deep.equal([{ channel: 'email', recipient: `maria.${language}@kunde.example`, messageId: mail?.headers['message-id'] }]);
    });
  }

  it('falls back to the default language for a language without templates', async () => {
    await activities.notify(request({}, { language: 'fr', email: 'pierre@kunde.example' }));
    expect(smtp.to('pierre@kunde.example')[0]?.body).to.contain('Guten Tag');
  });

  it('tells the customer who took over and why', async () => {
    const req = request({ kind: 'reassigned', reason: 'absence' }, { email: 'handover@kunde.example' });
    req.ticket.previousAssignee = 'p.nowak';
    await activities.notify(req);
    const mail = smtp.to('handover@kunde.example')[0];
    expect(mail?.body).to.contain('Katrin Becker').and.to.contain('Piotr Nowak').and.to.contain('abwesend');
  });

  it('delivers once when called twice with the same idempotency key', async () => {
    const req = request({}, { email: 'twice@kunde.example' });
    const first = await activities.notify(req);
    const second = await activities.notify(req);
    expect(smtp.to('twice@kunde.example')).to.have.length(1);
    expect(first.delivered).to.have.length(1);
    expect(second.delivered).to.have.length(0);
    expect(second.skipped[0]).to.include({ channel: 'email', recipient: 'twice@kunde.example' });
    expect(second.skipped[0]?.why).to.match(/^already delivered/);
  });

  it('does not resend after a worker restart (the outbox is on disk)', async () => {
    const req = request({}, { email: 'restart@kunde.example' });
    await activities.notify(req);
    const restarted = createNotifyActivities({ config: testConfig(smtp.port, outboxDir), outbox: createFileOutbox(outboxDir) });
    await restarted.notify(req);
    expect(smtp.to('restart@kunde.example')).to.have.length(1);
  });

  it('mails the team address and the tier address for team notifications', async () => {
    const req = request({ kind: 'sla_warning', audience: 'team', reason: 'Reaktionszeit' });
    const result = await activities.notify(req);
    expect(result.delivered.map((d) => d.recipient)).to.deep.equal(['servicedesk@musterfirma.example', 'second-level@musterfirma.example']);
    const mail = smtp.to('second-level@musterfirma.example').find((m) => m.subject.includes(req.ticket.number));
    expect(mail?.subject).to.contain('SLA-Warnung (Reaktionszeit)');
    expect(mail?.body).to.contain('Katrin Becker');
  });

  it('mails the escalation manager and the new assignee', async () => {
    const breach = request({ kind: 'sla_breached', audience: 'escalation_manager', reason: 'Lösungszeit' });
    await activities.notify(breach);
    expect(smtp.to('leitung@musterfirma.example').some((m) => m.subject.includes(breach.ticket.number))).to.equal(true);
    const assigned = request({ kind: 'assigned', audience: 'assignee', reason: 'new ticket' });
    await activities.notify(assigned);
    const mail = smtp.to('katrin.becker@musterfirma.example').find((m) => m.subject.includes(assigned.ticket.number));
    expect(mail?.body).to.contain('Hallo Katrin Becker');
  });

  it('skips a customer without e-mail address and says why', async () => {
    const req = request();
    delete req.ticket.customer.email;
    const result = await activities.notify(req);
    expect(result.delivered).to.deep.equal([]);
    expect(result.skipped).to.deep.equal([{ channel: 'email', recipient: 'customer c-17', why: 'the customer has no e-mail address' }]);
  });

  it('fails retryably while the SMTP server is down and delivers once after it is back', async () => {
    const req = request({}, { email: 'outage@kunde.example' });
    const port = smtp.port;
    await smtp.stop();
    try {
      const err = await failure(activities.notify(req));
      expect(err.nonRetryable).to.equal(false);
      expect(err.type).to.equal('TransientDeliveryFailure');
      expect(err.message).to.contain('email to outage@kunde.example');
    } finally {
      await smtp.start(port);
    }
    await activities.notify(req);
    await activities.notify(req);
    expect(smtp.to('outage@kunde.example')).to.have.length(1);
  });

  it('fails non-retryably when the server rejects the recipient with 550, and does not knock again', async () => {
    const req = request({}, { email: 'unknown.person@kunde.example' });
    const err = await failure(activities.notify(req));
    expect(err.nonRetryable).to.equal(true);
    expect(err.type).to.equal('PermanentDeliveryFailure');
    expect(err.message).to.contain('email to unknown.person@kunde.example rejected permanently').and.to.contain('550');
    const again = await failure(activities.notify(req));
    expect(again.type).to.equal('PermanentDeliveryFailure');
    expect(smtp.rcptAttempts.filter((a) => a === 'unknown.person@kunde.example')).to.have.length(1);
  });

  it('treats a 4xx refusal as transient', async () => {
    const err = await failure(activities.notify(request({}, { email: 'busy@kunde.example' })));
    expect(err.nonRetryable).to.equal(false);
    expect(err.message).to.contain('451');
  });

  it('fails non-retryably for a kind without a template', async () => {
    const err = await failure(activities.notify(request({ kind: 'no_such_kind' })));
    expect(err.nonRetryable).to.equal(true);
    expect(err.type).to.equal('NotificationTemplateError');
    expect(err.message).to.contain('no_such_kind/customer');
  });

  it('uses the same Message-ID for the same key so receivers can drop a duplicate', async () => {
    const req = request({}, { email: 'msgid@kunde.example' });
    const first = await activities.notify(req);
    // Another outbox: as if the record had been lost in a crash right after sending.
    const amnesiac = createNotifyActivities({ config: testConfig(smtp.port, outboxDir), outbox: createFileOutbox(mkdtempSync(join(tmpdir(), 'sopflow-outbox-'))) });
    const second = await amnesiac.notify(req);
    const ids = smtp.to('msgid@kunde.example').map((m) => m.headers['message-id']);
    expect(ids).to.have.length(2);
    expect(ids[0]).to.equal(ids[1]).and.to.equal(first.delivered[0]?.messageId).and.to.equal(second.delivered[0]?.messageId);
  });

  it('records the mail as sending before the server has it, and as delivered right after the 250', async () => {
    const req = request({}, { email: 'window@kunde.example' });
    const key = { idempotencyKey: req.idempotencyKey, channel: 'email', recipient: 'window@kunde.example' };
    const seen: Array<string | undefined> = [];
    smtp.beforeAccepting = async (mail) => {
      // The data is in, the 250 not yet sent: a sender killed now has a record that says so, with the Message-ID the server got.
      const record = await createFileOutbox(outboxDir).get(key);
      seen.push(record?.status);
      expect(record?.messageId).to.equal(mail.headers['message-id']);
    };
    await activities.notify(req);
    expect(seen).to.deep.equal(['sending']);
    expect(await createFileOutbox(outboxDir).get(key)).to.include({ status: 'delivered' });
  });

  it('after a crash between the 250 and the record, resends once with the same Message-ID and says the first outcome was unknown', async () => {
    const req = request({}, { email: 'crash@kunde.example' });
    const real = createFileOutbox(outboxDir);
    // The process "dies" after the server accepted and before the commit: the prepared record stays as it was.
    const dying: Outbox = { get: (key) => real.get(key), put: (record) => real.put(record), prepare: async (record) => ({ ...(await real.prepare(record)), commit: () => Promise.reject(new Error('killed')) }) };
    const first = createNotifyActivities({ config: testConfig(smtp.port, outboxDir), outbox: dying });
    await first.notify(req).then(
      () => expect.fail('the dying worker cannot finish'),
      () => undefined,
    );
    // The retry comes after the dead attempt's timeouts (3 x 3 s here): it cannot still be sending.
    const restarted = createNotifyActivities({ config: testConfig(smtp.port, outboxDir), outbox: createFileOutbox(outboxDir), now: () => Date.now() + 10_000 });
    const retry = await restarted.notify(req);
    const again = await restarted.notify(req);
    const ids = smtp.to('crash@kunde.example').map((mail) => mail.headers['message-id']);
    expect(ids).to.have.length(2);
    expect(ids[1]).to.equal(ids[0]);
    expect(retry.delivered).to.deep.equal([{ channel: 'email', recipient: 'crash@kunde.example', messageId: ids[0], resentAfterUnknownOutcome: true }]);
    expect(again.delivered).to.deep.equal([]);
    expect(smtp.to('crash@kunde.example')).to.have.length(2);
  });

  it('sends nothing when the outbox cannot record the attempt first', async () => {
    const req = request({}, { email: 'nodisk@kunde.example' });
    const real = createFileOutbox(outboxDir);
    const full: Outbox = { get: (key) => real.get(key), put: (record) => real.put(record), prepare: () => Promise.reject(new Error('ENOSPC: no space left on device')) };
    const broken = createNotifyActivities({ config: testConfig(smtp.port, outboxDir), outbox: full });
    const err = await broken.notify(req).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).to.contain('ENOSPC');
    expect(smtp.to('nodisk@kunde.example')).to.have.length(0);
  });

  it('does not send beside an attempt that may still be sending it, and sends once that attempt is over', async () => {
    const req = request({}, { email: 'beside@kunde.example' });
    // Another worker began this send a moment ago and has not recorded how it ended.
    await createFileOutbox(outboxDir).prepare({ idempotencyKey: req.idempotencyKey, channel: 'email', recipient: 'beside@kunde.example', status: 'delivered', at: new Date().toISOString() });
    const err = await failure(activities.notify(req));
    expect(err.type).to.equal('TransientDeliveryFailure');
    expect(err.message).to.contain('may still be sending it');
    expect(smtp.to('beside@kunde.example')).to.have.length(0);
    const later = createNotifyActivities({ config: testConfig(smtp.port, outboxDir), outbox: createFileOutbox(outboxDir), now: () => Date.now() + 10_000 });
    const sent = await later.notify(req);
    expect(sent.delivered[0]).to.include({ recipient: 'beside@kunde.example', resentAfterUnknownOutcome: true });
    expect(smtp.to('beside@kunde.example')).to.have.length(1);
  });

  it('sends a message once when two attempts run at once in one worker (a timed-out local attempt and its fallback)', async () => {
    const req = request({}, { email: 'together@kunde.example' });
    const [first, second] = await Promise.all([activities.notify(req), activities.notify(req)]);
    expect(smtp.to('together@kunde.example')).to.have.length(1);
    expect([first.delivered.length, second.delivered.length].sort()).to.deep.equal([0, 1]);
    expect(second.skipped[0]?.why ?? first.skipped[0]?.why).to.match(/^already delivered/);
  });
});
