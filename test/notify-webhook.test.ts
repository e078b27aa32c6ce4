import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'chai';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createNotifyActivities } from '../src/activities/notify';
import { parseConfig } from '../src/config';
import type { SopflowConfig } from '../src/config';
import { createChatChannel } from '../src/notify/channels/chat-channel';
import { PermanentDeliveryError, TransientDeliveryError } from '../src/notify/channels/delivery-error';
import { createWebhookChannel } from '../src/notify/channels/webhook-channel';
import { buildWebhookPayload } from '../src/notify/channels/webhook-payload';
import type { WebhookPayload } from '../src/notify/channels/webhook-payload';
import { signWebhookBody, verifyWebhookSignature } from '../src/notify/channels/webhook-signature';
import { MemoryOutbox } from '../src/notify/memory-outbox';
import type { NotificationRequest } from '../src/notify/notification-request';

const SECRET = 'whsec_0123456789abcdef0123456789';

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP listener on loopback; `reply` decides the answer per path. */
class TestReceiver {
  readonly hits: Hit[] = [];
  reply: (hit: Hit) => { status: number; headers?: Record<string, string> } | 'hang' = () => ({ status: 200 });
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const hit = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.hits.push(hit);
        const answer = this.reply(hit);
        if (answer === 'hang') return;
        res.writeHead(answer.status, answer.headers ?? {}).end(answer.status >= 400 ? 'nope' : 'ok');
      });
    });
    await new Promise<void>((done) => this.server?.listen(0, '127.0.0.1', () => done()));
    this.port = (this.server?.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((done) => this.server?.close(() => done()));
  }

  at(path: string): Hit[] {
    return this.hits.filter((h) => h.path.startsWith(path));
  }
}

function config(httpPort: number, smtpPort: number): SopflowConfig {
  const base = `http://127.0.0.1:${httpPort}`;
  const yaml = `channels:
  email:
    host: 127.0.0.1
    port: ${smtpPort}
    from: desk@firma.example
  webhook:
    url: ${base}/hook?token=not-shown
    secret: \${HOOK_SECRET}
    timeoutMs: 300
  chat:
    kind: slack
    url: ${base}/slack
  sms:
    urlTemplate: "${base}/sms?to={{phone}}"
    authHeader:
      name: Authorization
      value: "Bearer \${SMS_TOKEN}"
    bodyTemplate: '{"to":"{{phone}}","text":"{{text}}","ref":"{{ticket}}"}'
recipients:
  team: desk@firma.example
  escalationManager: chef@firma.example
pools:
  L1:
    strategy: round-robin
    agents: [{ id: a.schmidt, name: Anna Schmidt, email: anna@firma.example, capacity: 3 }]
web:
  baseUrl: http://desk.example
languages:
  default: en
notify:
  templatesDir: ${resolve('templates')}
`;
  return parseConfig(yaml, 'webhook-test.yaml', { HOOK_SECRET: SECRET, SMS_TOKEN: 'sms-token-1' });
}

let seq = 0;
function request(overrides: Partial<NotificationRequest> = {}): NotificationRequest {
  seq += 1;
  const audience = overrides.audience ?? 'team';
  return {
    idempotencyKey: `SD-9${seq}:4:sla_warning:${audience}`,
    kind: 'sla_warning',
    audience,
    reason: 'Resolution time',
    event: 'sla_warning',
    ticket: {
      number: `SD-9${seq}`,
      subject: 'Mail "quota" exceeded',
      priority: 'high',
      flowId: 'mailbox',
      flowTitle: 'Mailbox problems',
      state: 'investigating',
      stateTitle: 'Investigating',
      tier: 'L1',
      assignee: 'a.schmidt',
      dueAt: '2025-11-24T15:30:00.000Z',
      slaStatus: 'warning',
      customer: { id: 'c-3', name: 'Ola', email: 'ola@kunde.example', phone: '+48 600 100 200', language: 'pl' },
    },
    ...overrides,
  };
}

describe('notify: webhook, chat and SMS over real HTTP', () => {
  const receiver = new TestReceiver();
  const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, onData: (s, _x, cb) => s.on('end', () => cb()).resume() });
  let smtpPort = 0;

  before(async () => {
    await receiver.start();
    await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', () => done()));
    smtpPort = (smtp.server.address() as AddressInfo).port;
  });
  after(async () => {
    await receiver.stop();
    await new Promise<void>((done) => smtp.close(() => done()));
  });
  beforeEach(() => {
    receiver.reply = () => ({ status: 200 });
  });

  it('POSTs a signed, documented payload that the receiver can verify', async () => {
    const activities = createNotifyActivities({ config: config(receiver.port, smtpPort), outbox: new MemoryOutbox() });
    const req = request();
    const result = await activities.notify(req);
    expect(result.delivered.map((d) => `${d.channel}:${d.recipient}`)).to.deep.equal([
      'email:desk@firma.example',
      `webhook:http://127.0.0.1:${receiver.port}/hook`,
      'chat:slack',
    ]);

    const hit = receiver.at('/hook').find((h) => h.body.includes(req.ticket.number));
    if (!hit) expect.fail('webhook not received');
    const signature = hit.headers['x-sopflow-signature'] as string;
    expect(signature).to.match(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, signature, hit.body, 300)).to.equal(true);
    expect(verifyWebhookSignature(SECRET, signature, hit.body.replace('"high"', '"low"'), 300), 'tampered body').to.equal(false);
    expect(verifyWebhookSignature('another-secret-of-enough-length', signature, hit.body, 300), 'wrong secret').to.equal(false);
    expect(hit.headers['idempotency-key']).to.equal(req.idempotencyKey);

    const payload = JSON.parse(hit.body) as WebhookPayload;
    expect(payload).to.deep.equal({
      id: req.idempotencyKey,
      event: 'sla_warning',
      kind: 'sla_warning',
      audience: 'team',
      ticket: { number: req.ticket.number, subject: 'Mail "quota" exceeded', priority: 'high', assignee: 'a.schmidt', previousAssignee: null, dueAt: '2025-11-24T15:30:00.000Z', customerId: 'c-3' },
      flow: { id: 'mailbox', title: 'Mailbox problems' },
      state: { id: 'investigating', title: 'Investigating' },
      tier: 'L1',
      slaStatus: 'warning',
      reason: 'Resolution time',
      link: `http://desk.example/agent/tickets/${req.ticket.number}`,
    });

    const slack = receiver.at('/slack').find((h) => h.body.includes(req.ticket.number));
    const text = (JSON.parse(slack?.body ?? '{}') as { text?: string }).text;
    expect(text).to.contain(`[${req.ticket.number}] SLA warning (Resolution time)`).and.to.contain(payload.link);
  });

  it('rejects stale, future and malformed signatures', () => {
    const body = '{"id":"x"}';
    const now = 1_750_000_000;
    const header = signWebhookBody(SECRET, body, now);
    expect(verifyWebhookSignature(SECRET, header, body, 300, now + 299)).to.equal(true);
    expect(verifyWebhookSignature(SECRET, header, body, 300, now + 301)).to.equal(false);
    expect(verifyWebhookSignature(SECRET, header, body, 300, now - 301)).to.equal(false);
    expect(verifyWebhookSignature(SECRET, header, Buffer.from(body), 300, now)).to.equal(true);
    expect(verifyWebhookSignature(SECRET, `v1=0000,${header}`, body, 300, now), 'extra junk v1 is ignored').to.equal(true);
    for (const bad of [undefined, '', 't=abc,v1=00', `t=${now}`, `v1=${'0'.repeat(64)}`, `t=${now},v1=${'0'.repeat(64)}`]) {
      expect(verifyWebhookSignature(SECRET, bad, body, 300, now), String(bad)).to.equal(false);
    }
  });

  it('sends the customer an SMS through the gateway with escaped values and the auth header', async () => {
    const activities = createNotifyActivities({ config: config(receiver.port, smtpPort), outbox: new MemoryOutbox() });
    const req = request({ kind: 'status_changed', audience: 'customer' });
    const result = await activities.notify(req);
    expect(result.delivered.map((d) => d.channel)).to.deep.equal(['email', 'sms']);
    const hit = receiver.at('/sms').find((h) => h.body.includes(req.ticket.number));
    if (!hit) expect.fail('sms not received');
    expect(hit.path).to.equal('/sms?to=%2B48%20600%20100%20200');
    expect(hit.headers['authorization']).to.equal('Bearer sms-token-1');
    const sms = JSON.parse(hit.body) as { to: string; text: string; ref: string };
    expect(sms.to).to.equal('+48 600 100 200');
    expect(sms.ref).to.equal(req.ticket.number);
    expect(sms.text).to.contain(req.ticket.number).and.to.contain('Nowy status');
  });

  it('classifies HTTP answers: 5xx and 429 transient (with Retry-After), other 4xx permanent', async () => {
    const channel = createWebhookChannel({ url: `http://127.0.0.1:${receiver.port}/hook`, secret: SECRET, timeoutMs: 500 });
    const payload = buildWebhookPayload(request(), 'http://desk.example/x');
    const attempt = async (status: number, headers?: Record<string, string>): Promise<unknown> => {
      receiver.reply = () => ({ status, ...(headers ? { headers } : {}) });
      return channel.send(payload).then(() => 'ok', (err: unknown) => err);
    };
    expect(await attempt(503)).to.be.instanceOf(TransientDeliveryError);
    const limited = await attempt(429, { 'retry-after': '30' });
    expect(limited).to.be.instanceOf(TransientDeliveryError).and.to.include({ retryAfterMs: 30_000 });
    const refused = await attempt(404);
    expect(refused).to.be.instanceOf(PermanentDeliveryError);
    expect((refused as Error).message).to.contain(`webhook to http://127.0.0.1:${receiver.port}/hook rejected permanently: HTTP 404`);
    expect(await attempt(204)).to.equal('ok');
  });

  it('times out a receiver that never answers, as a transient failure', async () => {
    receiver.reply = () => 'hang';
    const channel = createWebhookChannel({ url: `http://127.0.0.1:${receiver.port}/slow`, secret: SECRET, timeoutMs: 200 });
    const err = await channel.send(buildWebhookPayload(request(), 'l')).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(TransientDeliveryError);
    expect((err as Error).message).to.contain('timed out');
  });

  it('treats a refused connection as transient', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', () => done()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const err = await createWebhookChannel({ url: `http://127.0.0.1:${port}/x`, secret: SECRET, timeoutMs: 500 })
      .send(buildWebhookPayload(request(), 'l'))
      .then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(TransientDeliveryError);
  });

  it('posts a Teams MessageCard with a button to the ticket', async () => {
    const teams = createChatChannel({ kind: 'teams', url: `http://127.0.0.1:${receiver.port}/teams`, timeoutMs: 500 });
    await teams.send({ title: '[SD-1] SLA breached', text: 'line one\nline two', link: 'http://desk.example/tickets/SD-1', severity: 'critical' });
    const card = JSON.parse(receiver.at('/teams').at(-1)?.body ?? '{}') as Record<string, unknown>;
    expect(card).to.include({ '@type': 'MessageCard', title: '[SD-1] SLA breached', themeColor: 'D13438', text: 'line one  \nline two' });
    expect(JSON.stringify(card['potentialAction'])).to.contain('http://desk.example/tickets/SD-1');
  });

  it('retries only what failed: a webhook outage does not resend the e-mail', async () => {
    const outbox = new MemoryOutbox();
    const activities = createNotifyActivities({ config: config(receiver.port, smtpPort), outbox });
    const req = request();
    receiver.reply = (hit) => (hit.path.startsWith('/hook') ? { status: 502 } : { status: 200 });
    const err = await activities.notify(req).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).to.equal(false);
    expect((err as ApplicationFailure).message).to.contain('webhook to').and.to.contain('HTTP 502');

    receiver.reply = () => ({ status: 200 });
    const result = await activities.notify(req);
    expect(result.delivered.map((d) => d.channel)).to.deep.equal(['webhook']);
    expect(result.skipped.map((s) => s.channel)).to.deep.equal(['email', 'chat']);
    expect(receiver.at('/slack').filter((h) => h.body.includes(req.ticket.number))).to.have.length(1);
  });
});
