import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../src/config';
import { createWebRuntime } from '../src/runtime/web-runtime';
import { freePort } from '../src/servers';
import type { WebApp } from '../src/web/app';
import { portalFingerprint } from '../src/web/live/portal-topic';
import { formKeyFresh, newFormKey } from '../src/web/new-request';
import type { TicketStatus, TimelineEntry } from '../src/ticket/types';
import { IntakeStack } from './helpers/intake-stack';

const TOKEN = 'sopflow_web_intake_test_token_0123456789abc';
const WEB_SECRET = 'web-intake-test-secret-0123456789-abcdefghij';
let sequence = 0;
const customer = (): string => `web${process.pid}x${++sequence}@kunde.example`;

/** The hidden fields of a rendered form. */
function formFields(page: string): { _csrf: string; key: string; lang: string } {
  const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
  return { _csrf: value('_csrf'), key: value('key'), lang: value('lang') };
}

/**
 * The HTTP intake API and the new-request form served by the web server itself (`sopflow serve`
 * wiring: createWebRuntime from a config with API clients), over real HTTP on a free port,
 * against a real Temporal dev server, worker and SMTP sink.
 */
describe('web server: the intake API and the new-request form over real HTTP', function () {
  this.timeout(180_000);
  const stack = new IntakeStack();
  let web: WebApp;
  let base = '';
  let reviewDir = '';
  let savedSecret: string | undefined;

  const api = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers }, body: JSON.stringify(body) });
  const form = (fields: Record<string, string>) =>
    fetch(`${base}/requests/new`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const freshForm = async (lang = 'de') => formFields(await (await fetch(`${base}/requests/new?lang=${lang}`)).text());

  before(async () => {
    savedSecret = process.env.SOPFLOW_WEB_SECRET;
    process.env.SOPFLOW_WEB_SECRET = WEB_SECRET;
    await stack.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config = loadConfig(stack.configPath());
    reviewDir = join(stack.dir, 'review');
    config.intake = {
      ...config.intake!,
      reviewDir,
      senderCap: { perHour: 3 },
      api: { clients: [{ id: 'acd', channel: 'phone', tokenSha256: createHash('sha256').update(TOKEN).digest('hex') }] },
    };
    web = await createWebRuntime({ client: stack.runtime.client, config, catalog: stack.runtime.catalog, flowsDir: 'flows' });
    await web.app.listen({ host: '127.0.0.1', port });
  });
  after(async () => {
    await web?.app.close();
    await stack.stop();
    if (savedSecret === undefined) delete process.env.SOPFLOW_WEB_SECRET;
    else process.env.SOPFLOW_WEB_SECRET = savedSecret;
  });

  it('serves POST /api/tickets on the web port: 401 without a token, with the same security headers as every page', async () => {
    const response = await api('/api/tickets', { customer: { email: 'x@kunde.example' }, subject: 's', text: 't' }, { authorization: '' });
    expect(response.status).to.equal(401);
    expect(response.headers.get('www-authenticate')).to.equal('Bearer realm="sopflow intake"');
    expect(response.headers.get('content-security-policy')).to.contain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
    // Routes outside the API keep the web server's own 404 page.
    const page = await fetch(`${base}/no-such-page`);
    expect(page.status).to.equal(404);
    expect(await page.text()).to.contain('<!doctype html>');
  });

  it('opens a ticket by the configured rules once per Idempotency-Key, and adds a message to it', async () => {
    const email = customer();
    const body = { customer: { email, name: 'Ewa Nowak' }, subject: 'Passwort vergessen', text: 'Ich komme nicht mehr ins Konto.' };
    const first = await api('/api/tickets', body, { 'idempotency-key': `call-${sequence}` });
    expect(first.status, await first.clone().text()).to.equal(201);
    const opened = (await first.json()) as { number: string; rule: string };
    expect(opened.rule).to.equal('password');
    const again = await api('/api/tickets', body, { 'idempotency-key': `call-${sequence}` });
    expect(again.status).to.equal(200);
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
    expect(((await again.json()) as { number: string }).number).to.equal(opened.number);
    const added = await api(`/api/tickets/${opened.number}/messages`, { from: { email }, text: 'Es ist das Konto ewa.nowak.' }, { 'idempotency-key': `msg-${sequence}` });
    expect(added.status).to.equal(200);
    const texts = (await stack.tickets.timeline(opened.number)).filter((entry) => entry.kind === 'message').map((entry) => entry.data?.['text']);
    expect(texts).to.deep.equal(['Ich komme nicht mehr ins Konto.', 'Es ist das Konto ewa.nowak.']);
    expect((await stack.tickets.status(opened.number)).flow.id).to.equal('password-reset');
  });

  it('renders the new-request form in de, en and pl, and refuses an unknown language with a clear message', async () => {
    const words = { de: 'Neue Anfrage', en: 'New request', pl: 'Nowe zgłoszenie' };
    for (const [lang, title] of Object.entries(words)) {
      const page = await (await fetch(`${base}/requests/new?lang=${lang}`)).text();
      expect(page, lang).to.contain(`<html lang="${lang}">`).and.contain(title);
      const fields = formFields(page);
      expect(formKeyFresh(fields.key, Date.now()), fields.key).to.equal(true);
      expect(fields._csrf).to.have.length.greaterThan(20);
    }
    const browser = await (await fetch(`${base}/requests/new`, { headers: { 'accept-language': 'pl-PL,pl;q=0.9,en;q=0.5' } })).text();
    expect(browser).to.contain('<html lang="pl">');
    const bad = await fetch(`${base}/requests/new?lang=fr`);
    expect(bad.status).to.equal(400);
    expect(await bad.text()).to.contain('unknown language &#39;fr&#39;; use one of de, en, pl');
  });

  it('refuses a form without its CSRF token, or with bad fields, and opens nothing', async () => {
    const email = customer();
    const fields = await freshForm('en');
    const values = { name: 'Eve', email, subject: 'Printer broken', text: 'It prints nothing.', lang: 'en' };
    const noCsrf = await form({ ...values, key: fields.key });
    expect(noCsrf.status).to.equal(403);
    expect(await noCsrf.text()).to.contain('CSRF token missing or wrong');
    const forged = await form({ ...values, key: newFormKey(Date.now()), _csrf: fields._csrf });
    expect(forged.status).to.equal(403);
    const bad = await form({ ...fields, ...values, email: 'not-an-address', subject: '' });
    expect(bad.status).to.equal(400);
    const page = await bad.text();
    expect(page).to.contain('data-testid="problem-email">not a valid e-mail address').and.contain('data-testid="problem-subject">please fill in');
    // What was typed comes back, so nothing is lost.
    expect(page).to.contain('value="not-an-address"').and.contain('It prints nothing.</textarea>');
    expect(await stack.tickets.list(`SopCustomer = '${email}'`)).to.deep.equal([]);
  });

  it('opens one ticket per rendered form, mails the number with the portal link, and answers alike whether the address had tickets or not', async () => {
    const email = customer();
    const fields = await freshForm('de');
    const values = { ...fields, name: 'Erika Muster', email, subject: 'Drucker im 2. OG druckt nicht', text: 'Seit heute Morgen kommt nichts aus dem Drucker.' };
    const first = await form(values);
    expect(first.status).to.equal(303);
    expect(first.headers.get('location')).to.equal('/requests/sent?lang=de');
    const sent = await (await fetch(`${base}${first.headers.get('location')}`)).text();
    expect(sent).to.contain('Die Ticketnummer und der Link zu Ihrem Ticket sind per E-Mail unterwegs');
    // A double click or a resend of the same form: the same answer, still one ticket.
    const resent = await form(values);
    expect(resent.status).to.equal(303);
    const [ack] = await stack.mailsTo(email);
    const rows = await stack.tickets.list(`SopCustomer = '${email}'`);
    expect(rows).to.have.length(1);
    const number = rows[0]!.number;
    expect(ack!.subject).to.contain(number);
    const link = /http:\/\/\S+\/tickets\/\S+\?t=\S+/.exec(ack!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='))?.[0];
    expect(link, ack!.raw).to.contain(`/tickets/${number}?t=`);
    const timeline = await stack.tickets.timeline(number);
    expect(timeline.filter((entry) => entry.kind === 'message').map((entry) => entry.data?.['channel'])).to.deep.equal(['web']);
    // A second request from the same address (it has a ticket now) gets the same answer as a stranger's first one.
    const second = await form({ ...(await freshForm('de')), name: 'Erika Muster', email, subject: 'Drucker im 2. OG druckt nicht', text: 'Immer noch nicht.' });
    expect([second.status, second.headers.get('location')]).to.deep.equal([first.status, first.headers.get('location')]);
    expect(await second.text()).to.equal(await first.text());
  });

  it('tells a form request that joins the customer’s open ticket on the same topic which ticket it joined, by mail, in the form’s language', async () => {
    const email = customer();
    const values = { name: 'Jonas Zweimal', email, subject: 'Scanner im 3. OG', text: 'Der Scanner zieht kein Papier ein.' };
    expect((await form({ ...(await freshForm('de')), ...values })).status).to.equal(303);
    const [received] = await stack.mailsTo(email);
    const number = /SOP-\d{6}-[0-9A-Z]{5,8}/.exec(received!.subject)![0];
    // Visibility is a few seconds stale: the rule applies once the first ticket is listed.
    for (let i = 0; i < 100 && (await stack.tickets.findOpen(email, 'it-desk-incident')) === undefined; i++) await new Promise((done) => setTimeout(done, 200));
    const again = await form({ ...(await freshForm('de')), ...values, text: 'Und jetzt piept er auch noch.' });
    expect([again.status, again.headers.get('location')]).to.deep.equal([303, '/requests/sent?lang=de']);
    const joined = await stack.mailTo(email, (mail) => mail.raw.includes('X-Sopflow-Kind: request_joined'));
    expect(joined.subject).to.equal(`[${number}] Ihre Nachricht ist Ihrem offenen Ticket zugeordnet: Scanner im 3. OG`);
    const messages = (await stack.tickets.timeline(number)).filter((entry) => entry.kind === 'message');
    expect(messages.map((entry) => entry.data?.['text'])).to.deep.equal(['Der Scanner zieht kein Papier ein.', 'Und jetzt piept er auch noch.']);
    expect((await stack.tickets.list(`SopCustomer = '${email}'`)).map((row) => row.number)).to.deep.equal([number]);
  });

  it('answers a portal reply it refuses in the ticket’s language (Polish: formal, no English left)', async () => {
    const email = customer();
    expect((await form({ ...(await freshForm('pl')), name: 'Jan Kowalski', email, subject: 'Drukarka nie drukuje', text: 'Od rana nic nie wychodzi.' })).status).to.equal(303);
    const [ack] = await stack.mailsTo(email);
    const link = /http:\/\/\S+\/tickets\/\S+\?t=\S+/.exec(ack!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='))![0];
    const path = link.replace(/^http:\/\/[^/]+/, '');
    const portal = await (await fetch(`${base}${path}`)).text();
    expect(portal).to.contain('<html lang="pl">').and.contain('Państwa wiadomość do nas');
    expect(portal).not.to.match(/Twoja|Ciebie/);
    const { _csrf, key } = formFields(portal);
    const replyTo = (fields: Record<string, string>) =>
      fetch(`${base}${path.replace('?t=', '/reply?t=')}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const empty = await replyTo({ _csrf, key, message: '   ' });
    expect(empty.status).to.equal(400);
    expect(await empty.text()).to.contain('Wiadomość jest pusta.');
    const forged = await replyTo({ key, message: 'Proszę o kontakt.' });
    expect(forged.status).to.equal(403);
    expect(await forged.text()).to.contain('Prosimy odświeżyć stronę');
    const number = /SOP-\d{6}-[0-9A-Z]{5,8}/.exec(ack!.subject)![0];
    expect((await stack.tickets.timeline(number)).filter((entry) => entry.kind === 'message')).to.have.length(1);
  });

  it('parks form requests over the per-sender cap for review: the same answer, no ticket', async () => {
    const email = customer();
    const answers: Array<[number, string | null]> = [];
    for (let i = 1; i <= 4; i++) {
      const response = await form({ ...(await freshForm('en')), name: 'Storm', email, subject: `Request number ${i} about topic ${i}`, text: `Text ${i}` });
      answers.push([response.status, response.headers.get('location')]);
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).to.equal(1);
    const parked = join(reviewDir, 'parked');
    expect(existsSync(parked)).to.equal(true);
    const kept = readdirSync(parked).filter((file) => file.endsWith('.txt'));
    expect(kept).to.have.length(1);
  });

  it('streams portal changes only behind the ticket’s token', async () => {
    const number = (await stack.tickets.list(`ExecutionStatus = 'Running'`))[0]!.number;
    const without = await fetch(`${base}/tickets/${number}/events`);
    expect(without.status).to.equal(404);
    const wrong = await fetch(`${base}/tickets/${number}/events?t=wrong-token`);
    expect(wrong.status).to.equal(404);
  });
});

describe('portal live updates: what fires them', () => {
  const status = { state: 'l1_triage', kind: 'working', assignee: 'a.schmidt', dueAt: '2026-12-01T10:00:00Z' } as TicketStatus;
  const entry = (seq: number, kind: TimelineEntry['kind'], extra: Partial<TimelineEntry> = {}): TimelineEntry => ({ seq, at: '2026-12-01T09:00:00Z', kind, ...extra }) as TimelineEntry;
  const base = [entry(1, 'created', { to: 'received' }), entry(2, 'transition', { to: 'l1_triage' })];

  it('moves for what the customer sees (a step, a contact, a message to or from them), not for internal entries', () => {
    const before = portalFingerprint({ status, timeline: base });
    expect(portalFingerprint({ status, timeline: [...base, entry(3, 'note', { reason: 'called the provider' })] })).to.equal(before);
    expect(portalFingerprint({ status, timeline: [...base, entry(3, 'sla_warning')] })).to.equal(before);
    expect(portalFingerprint({ status, timeline: [...base, entry(3, 'message', { data: { text: 'staff only', internal: true } })] })).to.equal(before);
    expect(portalFingerprint({ status, timeline: [...base, entry(3, 'message', { data: { text: 'from the customer' } })] })).not.to.equal(before);
    expect(portalFingerprint({ status, timeline: [...base, entry(3, 'assigned', { customerMessages: ['reassigned'] })] })).not.to.equal(before);
    expect(portalFingerprint({ status: { ...status, assignee: 'j.weber' }, timeline: base })).not.to.equal(before);
  });
});
