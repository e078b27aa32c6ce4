import { expect } from 'chai';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { SearchAttributePair } from '@temporalio/common';
import { TicketClient } from '../src/client/ticket-client';
import type { TicketListRow } from '../src/client/ticket-client';
import { parseConfig } from '../src/config/load-config';
import { loadFlowCatalog } from '../src/runtime/flow-catalog';
import { freePort } from '../src/servers';
import { ticketSearchAttributePairs } from '../src/ticket/search-attributes';
import { buildWebApp } from '../src/web/app';
import type { WebApp } from '../src/web/app';
import { pageOnlyWebDeps } from './helpers/page-only-web-deps';
import { sessionCookieValue, SESSION_COOKIE } from '../src/web/auth/session';
import { E2eStack } from './helpers/e2e-stack';

const SECRET = 'live-poller-test-secret-0123456789-abcdefghijklmnop';
const POLL_MS = 300;

/**
 * The web server's shared poller on the real dev server: after one full load it reads only the
 * tickets changed since its last poll, so tickets opened, changed and closed by another client
 * (not this web server) reach the dashboard, the queue and SSE viewers through that delta; a
 * ticket visibility's delta cannot show (no `SopChangedAt`) is found by the drift check's count
 * and a re-sync; the queue is paged with its filters kept.
 */
describe('web live poller (dev server, delta reads)', function () {
  this.timeout(240_000);
  const stack = new E2eStack();
  const catalog = loadFlowCatalog('flows');
  let connection: Connection;
  let client: Client;
  /** The other client: CLI, intake or another web server, never this web server. */
  let elsewhere: TicketClient;
  let web: WebApp;
  let port: number;
  const cookie = `${SESSION_COOKIE}=${sessionCookieValue(SECRET, 'a.schmidt', Date.now())}`;

  before(async () => {
    await stack.start();
    await stack.startWorker();
    connection = await Connection.connect({ address: stack.server.address });
    client = new Client({ connection, namespace: 'default' });
    elsewhere = new TicketClient(client, catalog, { taskQueue: stack.taskQueue });
    const config = parseConfig(readFileSync('sopflow.config.yaml', 'utf8'), 'sopflow.config.yaml', { SOPFLOW_SMTP_PORT: String(stack.mail.port) }, process.cwd());
    web = await buildWebApp({
      tickets: new TicketClient(client, catalog, { taskQueue: stack.taskQueue }),
      catalog,
      config,
      secret: SECRET,
      ...pageOnlyWebDeps(config),
      pollMs: POLL_MS,
      // A short drift check so the test sees it; the full re-sync only when the count disagrees.
      live: { overlapMs: 5000, driftCheckMs: POLL_MS, resyncMs: 3_600_000 },
    });
    port = await freePort();
    await web.app.listen({ host: '127.0.0.1', port });
  });

  after(async () => {
    await web?.app.close();
    await stack.stop();
    await connection?.close();
  });

  const get = async (url: string): Promise<string> => {
    const response = await web.app.inject({ url, headers: { cookie } });
    expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).to.equal(200);
    return response.body;
  };
  const l1Open = async (): Promise<number> => Number((await get('/dashboard/fragment')).match(/<tr data-tier="L1">.*?data-count="open">(\d+)</s)?.[1]);
  const waitFor = async (what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
      await new Promise((done) => setTimeout(done, 100));
    }
  };
  const open = (subject: string, priority = 'P3') =>
    elsewhere.open({ flow: 'password-reset', customer: { id: `c-${subject}`, name: 'Test', email: `${subject}@example.org` }, subject, priority });

  it('shows a ticket opened, changed and closed by another client through delta reads, and tells SSE viewers', async () => {
    const first = await open('first');
    // The first page read loads every open ticket once; visibility may show the ticket only a
    // moment later (it is seconds stale), then a delta brings it.
    await waitFor('the first ticket in the queue', async () => (await get('/agent/queue')).includes(first.number));
    const loads = web.live.fullLoads;
    const before = await l1Open();
    const viewer = await openStream(port, '/live/dashboard', cookie);
    try {
      const second = await open('second');
      await waitFor('the new ticket in the queue', async () => (await get('/agent/fragments/queue')).includes(second.number));
      expect(await l1Open()).to.equal(before + 1);
      await waitFor('an SSE push to the dashboard viewer', async () => viewer.events() > 0, 5000);

      // Changed elsewhere: escalated to L2, the queue filtered by tier shows it there.
      await elsewhere.send(second.number, { type: 'ESCALATE', data: { reason: 'needs L2' }, actor: 'test' });
      await waitFor('the escalated ticket in the L2 queue', async () => (await get('/agent/fragments/queue?tier=L2')).includes(second.number));
      expect(await get('/agent/fragments/queue?tier=L1')).not.to.contain(second.number);

      // Closed elsewhere: it leaves the open counts and joins today's resolved.
      const resolvedBefore = Number((await get('/dashboard/fragment')).match(/data-testid="resolved-today">(\d+)</)?.[1]);
      await elsewhere.send(second.number, { type: 'RESOLVE', data: { resolution: 'done' }, actor: 'test' });
      await waitFor('the resolved ticket out of the queue', async () => !(await get('/agent/fragments/queue')).includes(second.number), 30_000);
      await waitFor('today’s resolved count', async () => Number((await get('/dashboard/fragment')).match(/data-testid="resolved-today">(\d+)</)?.[1]) === resolvedBefore + 1, 30_000);
      expect(await l1Open()).to.equal(before);
    } finally {
      viewer.close();
    }
    // All of it came through deltas: no full load since the first, and a delta is one or two calls.
    expect(web.live.fullLoads).to.equal(loads);
    expect(web.live.lastRead?.kind).to.equal('delta');
    expect(web.live.lastRead?.calls).to.be.at.most(2);
  });

  it('takes a terminated ticket (no upsert, only a close time) out of the open lists', async () => {
    const doomed = await open('doomed');
    await waitFor('the ticket in the queue', async () => (await get('/agent/fragments/queue')).includes(doomed.number));
    await client.workflow.getHandle(doomed.number).terminate('test: closed without an upsert');
    await waitFor('the terminated ticket out of the queue', async () => !(await get('/agent/fragments/queue')).includes(doomed.number));
  });

  it('re-syncs when a count of running tickets disagrees with the index (a ticket the delta cannot see)', async () => {
    await get('/agent/queue');
    const loads = web.live.fullLoads;
    // A ticket as an older version started it: no SopChangedAt, and no worker ever upserts it.
    const number = `SOP-261201-DRIFT${Date.now().toString(36).slice(-4).toUpperCase()}`;
    await client.workflow.start('ticketWorkflow', {
      workflowId: number,
      taskQueue: `${stack.taskQueue}-nobody`,
      args: [{}],
      typedSearchAttributes: new TypedSearchAttributes(ticketSearchAttributePairs({ flow: 'password-reset', flowVersion: 1, state: 'new', tier: 'L1', priority: 'P3', customer: 'c-drift', topic: 'password-reset' }) as SearchAttributePair[]),
    });
    try {
      await waitFor('the unstamped ticket in the queue', async () => (await get('/agent/fragments/queue')).includes(number));
      expect(web.live.fullLoads).to.be.greaterThan(loads);
    } finally {
      await client.workflow.getHandle(number).terminate('test done');
    }
  });

  it('shows a change this server made itself at once, before visibility does', async () => {
    // A second web server whose visibility stands still once it has loaded: only its own patch can show the change.
    const frozen = new FrozenVisibility(client, catalog, { taskQueue: stack.taskQueue });
    const config = parseConfig(readFileSync('sopflow.config.yaml', 'utf8'), 'sopflow.config.yaml', { SOPFLOW_SMTP_PORT: String(stack.mail.port) }, process.cwd());
    const own = await buildWebApp({
      tickets: frozen,
      catalog,
      config,
      secret: SECRET,
      ...pageOnlyWebDeps(config),
      pollMs: POLL_MS,
      live: { overlapMs: 5000, driftCheckMs: 3_600_000, resyncMs: 3_600_000 },
    });
    try {
      const ticket = await open('own-change');
      const queue = async (tier: string) => (await own.app.inject({ url: `/agent/fragments/queue?tier=${tier}`, headers: { cookie } })).body;
      await waitFor('the ticket in the L1 queue', async () => (await queue('L1')).includes(ticket.number));
      frozen.frozen = true;
      await elsewhere.send(ticket.number, { type: 'ESCALATE', data: { reason: 'needs L2' }, actor: 'test' });
      await new Promise((done) => setTimeout(done, 3 * POLL_MS));
      expect(await queue('L2'), 'visibility is frozen: not yet').not.to.contain(ticket.number);
      // What a form post does after the engine accepted it.
      await own.live.changed(ticket.number);
      expect(await queue('L2')).to.contain(ticket.number);
      expect(await queue('L1')).not.to.contain(ticket.number);
    } finally {
      await own.app.close();
    }
  });

  it('pages the queue by due date, 50 a page, with its filters kept in the links', async () => {
    const opened: string[] = [];
    for (let batch = 0; batch < 4; batch++) opened.push(...(await Promise.all(Array.from({ length: 14 }, (_, i) => open(`page-${batch}-${i}`, 'P4')))).map((result) => result.number));
    // Settled: every one listed with its due date (set by its first step), so the order holds between the two pages.
    await waitFor('all 56 P4 tickets listed with a due date', async () => {
      const rows = (await web.live.visibility()).open.filter((row) => opened.includes(row.number));
      return rows.length === opened.length && rows.every((row) => row.dueAt !== undefined);
      // 56 first steps and their visibility writes: a minute is not always enough on 2 loaded cores.
    }, 180_000);
    const page1 = await get('/agent/queue?priority=P4');
    const total = Number(page1.match(/data-total="(\d+)"/)![1]);
    expect(page1).to.match(/data-page="1" data-pages="2"/);
    expect(rowsOf(page1)).to.have.length(50);
    expect(page1).to.contain('href="/agent/queue?priority=P4&amp;page=2"');
    expect(page1).not.to.contain('rel="prev"');
    const page2 = await get('/agent/queue?priority=P4&page=2');
    expect(rowsOf(page2)).to.have.length(total - 50);
    expect(page2).to.contain('href="/agent/queue?priority=P4"');
    // The live fragment of page 2 asks for page 2 again.
    expect(page2).to.contain('hx-get="/agent/fragments/queue?priority=P4&amp;page=2"');
    const all = [...rowsOf(page1), ...rowsOf(page2)];
    expect(new Set(all).size).to.equal(total);
    for (const number of opened) expect(all).to.include(number);
    // Sorted by due date across the pages.
    const dues = [...page1.matchAll(/data-sort-due="([^"]*)"/g), ...page2.matchAll(/data-sort-due="([^"]*)"/g)].map((match) => match[1] || '9999');
    expect(dues).to.have.length(total);
    expect(dues).to.deep.equal([...dues].sort());
    const bad = await web.app.inject({ url: '/agent/queue?page=abc', headers: { cookie } });
    expect(bad.statusCode).to.equal(400);
    expect(bad.body).to.contain('abc');
  });
});

/** A ticket client whose list answers stand still once `frozen`: the last full answer, and no changes. */
class FrozenVisibility extends TicketClient {
  frozen = false;
  private readonly answers = new Map<string, TicketListRow[]>();
  override async list(query: string, limit?: number): Promise<TicketListRow[]> {
    if (this.frozen) return query.includes('SopChangedAt') ? [] : (this.answers.get(query) ?? []);
    const rows = await super.list(query, limit);
    this.answers.set(query, rows);
    return rows;
  }
}

function rowsOf(page: string): string[] {
  return [...page.matchAll(/<tr data-ticket="([^"]+)"/g)].map((match) => match[1]!);
}

/** An SSE viewer counting `changed` events. */
function openStream(port: number, path: string, cookie: string): Promise<{ events: () => number; close: () => void }> {
  return new Promise((ready, fail) => {
    let events = 0;
    const req = request({ host: '127.0.0.1', port, path, headers: { cookie, accept: 'text/event-stream' } }, (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (events += chunk.split('event: changed').length - 1));
      ready({ events: () => events, close: () => req.destroy() });
    });
    req.on('error', fail);
    req.end();
  });
}
