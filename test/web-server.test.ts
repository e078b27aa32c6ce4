import { expect } from 'chai';
import { Client, Connection } from '@temporalio/client';
import { TicketClient } from '../src/client/ticket-client';
import { parseConfig } from '../src/config/load-config';
import { loadFlowCatalog } from '../src/runtime/flow-catalog';
import { freePort } from '../src/servers';
import { buildWebApp } from '../src/web/app';
import type { WebApp } from '../src/web/app';
import { pageOnlyWebDeps } from './helpers/page-only-web-deps';
import { portalToken } from '../src/web/auth/portal-token';
import { readFileSync } from 'node:fs';

const SECRET = 'server-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/**
 * The server's own rules through `app.inject()`, with Temporal deliberately unreachable: the
 * headers of every answer, the portal's 404 before any lookup, bad input, and the
 * "temporarily unavailable" page. The browser tests cover everything that needs Temporal.
 */
describe('web server (app.inject, Temporal unreachable)', function () {
  this.timeout(60_000);
  let web: WebApp;
  let connection: Connection;

  before(async () => {
    const config = parseConfig(readFileSync('sopflow.config.yaml', 'utf8'), 'sopflow.config.yaml', { SOPFLOW_SMTP_PORT: '2525' }, process.cwd());
    const catalog = loadFlowCatalog('flows');
    connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: '1s' });
    const tickets = new TicketClient(new Client({ connection }), catalog);
    web = await buildWebApp({
      tickets,
      catalog,
      config,
      secret: SECRET,
      ...pageOnlyWebDeps(config),
    });
  });
  after(async () => {
    await web.app.close();
    // The connection is left open: the client's retry timers for the unreachable address would
    // fire on a closed channel and throw outside any test (the runner exits the process anyway).
  });

  it('sends the security headers on every answer', async () => {
    for (const url of ['/tickets/SOP-261201-AAAAA', '/agent/sign-in', '/assets/htmx.min.js', '/nope']) {
      const response = await web.app.inject({ url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).to.contain("script-src 'self'").and.contain("frame-ancestors 'none'").and.contain("default-src 'none'");
      expect(csp, url).not.to.contain('unsafe-inline');
      expect(response.headers['x-content-type-options'], url).to.equal('nosniff');
      expect(response.headers['referrer-policy'], url).to.equal('no-referrer');
    }
  });

  it('answers a portal link without a token with the same 404 as an unknown page, without asking Temporal', async () => {
    const missing = await web.app.inject({ url: '/tickets/SOP-261201-AAAAA' });
    const unknown = await web.app.inject({ url: '/tickets/not-a-ticket?t=abc' });
    expect(missing.statusCode).to.equal(404);
    expect(unknown.statusCode).to.equal(404);
    expect(missing.body).to.equal(unknown.body);
    expect(missing.body).not.to.contain('SOP-261201-AAAAA');
  });

  it('serves htmx 2 and its SSE extension from the process itself', async () => {
    const htmx = await web.app.inject({ url: '/assets/htmx.min.js' });
    expect(htmx.statusCode).to.equal(200);
    expect(htmx.body).to.match(/version:\s*"2\./);
    expect((await web.app.inject({ url: '/assets/htmx-sse.js' })).body).to.contain('sse-connect');
    expect((await web.app.inject({ url: '/assets/../package.json' })).statusCode).to.equal(404);
  });

  it('sends agent pages to the sign-in and refuses posts without a session', async () => {
    const page = await web.app.inject({ url: '/dashboard' });
    expect(page.statusCode).to.equal(303);
    expect(page.headers.location).to.equal('/agent/sign-in?next=%2Fdashboard');
    const post = await web.app.inject({ method: 'POST', url: '/agent/tickets/SOP-261201-AAAAA/events/RESOLVE', payload: 'resolution=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(post.statusCode).to.equal(401);
    const forged = await web.app.inject({ url: '/dashboard', cookies: { sopflow_session: 'a.schmidt~99999999999999~x~y' } });
    expect(forged.statusCode).to.equal(303);
  });

  it('refuses an oversized body with a clear 413', async () => {
    const response = await web.app.inject({
      method: 'POST',
      url: '/agent/sign-in',
      payload: `who=${'x'.repeat(300 * 1024)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).to.equal(413);
    expect(response.body).to.contain('larger than 256 KiB');
  });

  it('shows "temporarily unavailable" (and retries by itself) when Temporal cannot be reached', async () => {
    const token = portalToken(SECRET, 'SOP-261201-AAAAA', 'C-1');
    const response = await web.app.inject({ url: `/tickets/SOP-261201-AAAAA?t=${token}` });
    expect(response.statusCode).to.equal(503);
    expect(response.body).to.contain('Vorübergehend nicht erreichbar').and.contain('data-retry-after');
    expect(response.body).not.to.contain('SOP-261201-AAAAA');
  });
});
