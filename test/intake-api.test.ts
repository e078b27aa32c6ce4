import { createHash } from 'node:crypto';
import { expect } from 'chai';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { clientOfToken } from '../src/intake/api-auth';
import { registerIntakeApi } from '../src/intake/http-api';
import { IntakeStack } from './helpers/intake-stack';

const TOKEN = 'sopflow_test_token_for_the_acd_0123456789';
const OTHER = 'sopflow_test_token_for_the_sms_gateway_987';
const sha = (token: string): string => createHash('sha256').update(token).digest('hex');
const CLIENTS = [
  { id: 'acd', channel: 'phone', tokenSha256: sha(TOKEN) },
  { id: 'sms', channel: 'sms', tokenSha256: sha(OTHER) },
];

describe('intake: bearer tokens', () => {
  it('finds the client of a token by its hash, and nobody for a wrong or missing one', () => {
    expect(clientOfToken(`Bearer ${TOKEN}`, CLIENTS)?.id).to.equal('acd');
    expect(clientOfToken(`bearer ${OTHER}`, CLIENTS)?.id).to.equal('sms');
    expect(clientOfToken(`Bearer ${TOKEN}x`, CLIENTS)).to.equal(undefined);
    expect(clientOfToken(TOKEN, CLIENTS)).to.equal(undefined);
    expect(clientOfToken(undefined, CLIENTS)).to.equal(undefined);
  });
});

describe('intake: the HTTP API on a Fastify app, against a real Temporal dev server', function () {
  this.timeout(180_000);
  const stack = new IntakeStack();
  let app: FastifyInstance;
  const send = (url: string, body: unknown, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
  /** Posts as an API client does: a 503 (Temporal could not confirm) is retried with the same Idempotency-Key. */
  const post = async (url: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => {
    for (let attempt = 1; ; attempt++) {
      const response = await send(url, body, headers);
      if (response.statusCode !== 503 || attempt === 3 || !headers['idempotency-key']) return response;
      await new Promise((done) => setTimeout(done, 1000));
    }
  };

  before(async () => {
    await stack.start();
    app = Fastify();
    await registerIntakeApi(app, { core: stack.core(), tickets: stack.tickets, clients: CLIENTS });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await stack.stop();
  });

  it('refuses a request without a valid bearer token with 401 and changes nothing', async () => {
    const missing = await post('/api/tickets', { customer: { email: 'x@kunde.example' }, subject: 's', text: 't' }, {});
    expect(missing.statusCode).to.equal(401);
    expect(missing.headers['www-authenticate']).to.equal('Bearer realm="sopflow intake"');
    const wrong = await post('/api/tickets', { customer: { email: 'x@kunde.example' }, subject: 's', text: 't' }, { authorization: 'Bearer nope' });
    expect(wrong.statusCode).to.equal(401);
    expect(await stack.tickets.list(`SopCustomer = 'x@kunde.example'`)).to.deep.equal([]);
  });

  it('answers bad JSON and bad fields with 400 naming each field path', async () => {
    const badJson = await post('/api/tickets', '{"customer": ');
    expect(badJson.statusCode).to.equal(400);
    expect(badJson.json().error).to.match(/JSON/);
    const bad = await post('/api/tickets', { customer: { email: 'not-an-address' }, subject: '', extra: 1 });
    expect(bad.statusCode).to.equal(400);
    expect(bad.json().issues).to.deep.equal([
      { path: 'customer.email', message: 'must be an e-mail address' },
      { path: 'subject', message: 'must not be empty' },
      { path: 'text', message: 'is required' },
      { path: '(body)', message: 'unknown field(s): extra' },
    ]);
    const nobody = await post('/api/tickets', { customer: { name: 'Anonym' }, subject: 's', text: 't' });
    expect(nobody.json().issues).to.deep.equal([{ path: 'customer', message: 'needs an id, an email or a phone number' }]);
  });

  it('opens a ticket by the routing rules, once per Idempotency-Key', async () => {
    const phone = `+49 341 ${process.pid}`;
    const body = { customer: { phone, name: 'Jan Kowalski', language: 'pl' }, subject: 'VPN nie działa', text: 'Od rana brak połączenia z VPN.' };
    const first = await post('/api/tickets', body, { authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'call-4711' });
    expect(first.statusCode, first.body).to.equal(201);
    const opened = first.json();
    expect(opened).to.deep.include({ kind: 'opened', rule: 'vpn', duplicate: false });
    const again = await post('/api/tickets', body, { authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'call-4711' });
    expect(again.statusCode).to.equal(200);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.json()).to.deep.include({ number: opened.number, duplicate: true });
    const status = await stack.tickets.status(opened.number);
    expect(status.flow.id).to.equal('demo-express');
    expect((await stack.tickets.timeline(opened.number)).filter((entry) => entry.kind === 'message')).to.have.length(1);
    // The same key from another client is another request.
    const other = await post('/api/tickets', { ...body, customer: { phone: `+48 22 ${process.pid}` } }, { authorization: `Bearer ${OTHER}`, 'idempotency-key': 'call-4711' });
    expect(other.statusCode).to.equal(201);
    expect(other.json().number).not.to.equal(opened.number);
  });

  it('adds a message to a ticket for its customer, opens a linked ticket for a stranger, and 404s an unknown ticket', async () => {
    const email = `api-${process.pid}@kunde.example`;
    const created = (await post('/api/tickets', { customer: { email }, subject: 'Drucker', text: 'druckt nicht' })).json();
    const added = await post(`/api/tickets/${created.number}/messages`, { from: { email }, text: 'Jetzt auch Scanner.' }, { authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'm-1' });
    expect(added.statusCode, added.body).to.equal(200);
    expect(added.json()).to.deep.include({ kind: 'added', number: created.number, duplicate: false });
    const repeated = await post(`/api/tickets/${created.number}/messages`, { from: { email }, text: 'Jetzt auch Scanner.' }, { authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'm-1' });
    expect(repeated.json()).to.deep.include({ kind: 'added', duplicate: true });
    const stranger = await post(`/api/tickets/${created.number}/messages`, { from: { email: 'fremd@evil.example' }, text: 'Schließen!' });
    expect(stranger.statusCode).to.equal(201);
    expect(stranger.json()).to.deep.include({ kind: 'opened', linkedTo: created.number });
    const texts = (await stack.tickets.timeline(created.number)).filter((entry) => entry.kind === 'message').map((entry) => entry.data?.['text']);
    expect(texts).to.deep.equal(['druckt nicht', 'Jetzt auch Scanner.']);
    const unknown = await post('/api/tickets/SOP-261201-ZZZZZ/messages', { from: { email }, text: 'x' });
    expect(unknown.statusCode).to.equal(404);
    expect(unknown.json()).to.deep.equal({ error: "no ticket 'SOP-261201-ZZZZZ'" });
  });

  it('answers 422 with the reason when the routed flow refuses a field, and 503 while Temporal is down', async () => {
    const refused = await post('/api/tickets', { customer: { email: `f-${process.pid}@kunde.example` }, subject: 'Drucker', text: 'x', fields: { affected_users: 'viele' } });
    expect(refused.statusCode).to.equal(422);
    expect(refused.json().error).to.equal("ticket field 'affected_users' must be a number, got 'viele'");
    // Only the server goes down, as in an outage: the API's client keeps its connection. (A client
    // whose connection was closed would leave its retry timer to throw "Channel has been shut
    // down" later, uncaught, into another test.)
    await stack.server.stop();
    try {
      const down = await send('/api/tickets', { customer: { email: `d-${process.pid}@kunde.example` }, subject: 'Drucker', text: 'x' }, { authorization: `Bearer ${TOKEN}`, 'idempotency-key': 'down-1' });
      expect(down.statusCode, down.body).to.equal(503);
      expect(down.headers['retry-after']).to.equal('30');
      expect(down.json().error).to.match(/^the ticket system cannot confirm the request right now; retry with the same Idempotency-Key/);
    } finally {
      await stack.startServer();
    }
  });
});
