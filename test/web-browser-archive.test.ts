import { expect } from 'chai';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { BrowserContext } from 'playwright-core';
import { loadFlowCatalog } from '../src/runtime/flow-catalog';
import { passwordResetFixture } from './helpers/archived-fixture';
import { linkIn, WebStack } from './helpers/web-stack';

/** Polls until `check` returns a value, or fails naming `what`. */
async function eventually<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/**
 * The pages that read the ticket archive, in the system Chromium against the real stack
 * (dev server, worker process, SMTP sink, PostgreSQL shared by worker and web server): a
 * closed ticket whose workflow Temporal no longer has, the flow page's figures of closed
 * tickets and the dashboard's weekly charts. Four archived tickets with outcomes known by
 * hand (test/helpers/archived-fixture.ts) join the one closed here.
 */
describe('web pages in a real browser: closed tickets from the archive, KPI figures and charts', function () {
  this.timeout(300_000);
  const web = new WebStack();
  const customer = `C-${Date.now().toString(36)}`;
  const customerMail = `${customer.toLowerCase()}@kunde.example`;
  const fixture = passwordResetFixture(loadFlowCatalog());
  let ticket = '';
  let portalLink = '';
  let agentCookies: Awaited<ReturnType<BrowserContext['cookies']>> | undefined;

  before(async () => {
    await web.start();
    for (const record of fixture) await web.archive.put(record);
  });
  after(async () => {
    await web.stop();
  });

  const cliJson = async <T>(...args: string[]): Promise<T> => {
    const result = await web.stack.cli(...args);
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as T;
  };

  /** A browser page signed in as Anna through the mailed one-time link. */
  const agentPage = async () => {
    const opened = await web.page();
    if (agentCookies) {
      await opened.context.addCookies(agentCookies);
      return opened;
    }
    const { page } = opened;
    await page.goto(`${web.baseUrl}/agent/sign-in`);
    await page.getByLabel('Kennung oder E-Mail').fill('anna.schmidt@musterfirma.example');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('status').waitFor();
    await page.goto(linkIn((await web.mailTo('anna.schmidt@musterfirma.example', /Anmelden/)).text, `${web.baseUrl}/agent/sign-in/`));
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(/\/agent/);
    agentCookies = await opened.context.cookies();
    return opened;
  };

  it('opens a closed ticket in the portal from the archive after Temporal forgot its workflow, with the whole discussion', async () => {
    const opened = await cliJson<{ number: string }>('start', 'password-reset', '--customer', customer, '--subject', 'Passwort vergessen', '--email', customerMail, '--name', 'Erika Mustermann', '--language', 'de', '--json');
    ticket = opened.number;
    const mail = await web.mailTo(customerMail, /Ihre Anfrage ist eingegangen/);
    portalLink = linkIn(mail.text, `${web.baseUrl}/tickets/${ticket}?t=`);
    const tickets = web.web.deps.tickets;
    await tickets.addMessage(ticket, { text: 'Ich komme seit gestern nicht mehr ins Kundenportal.', channel: 'email' });
    await tickets.send(ticket, { type: 'ACCEPT', actor: 'anna.schmidt' });
    await tickets.send(ticket, { type: 'IDENTITY_CHECKED', data: { verified: true, method: 'callback' }, actor: 'anna.schmidt' });
    await tickets.send(ticket, { type: 'RESOLVE', data: { resolution: 'Passwort zurückgesetzt' }, actor: 'anna.schmidt' });
    // The worker archives the closed ticket; then its workflow goes, as after the retention.
    const record = await eventually('the closed ticket in the archive', () => web.archive.getTicket(ticket));
    expect(record.finalState).to.equal('resolved');
    const connection = await Connection.connect({ address: web.stack.server.address });
    try {
      const client = new Client({ connection, namespace: 'default' });
      await client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: ticket } });
      // The server deletes in the background, slower on a busy machine.
      await eventually(
        'Temporal to forget the workflow',
        async () => {
          try {
            await client.workflow.getHandle(ticket).describe();
            return false;
          } catch (error) {
            return error instanceof WorkflowNotFoundError;
          }
        },
        150_000,
      );
    } finally {
      await connection.close();
    }

    const { page, problems } = await web.page();
    const response = await page.goto(portalLink);
    expect(response?.status()).to.equal(200);
    expect(await page.getByTestId('ticket-number').textContent()).to.equal(ticket);
    expect(await page.getByTestId('closed').textContent()).to.contain('Der Verlauf bleibt hier für Sie sichtbar');
    // A German ticket: the flow's German title, also when read from the archive.
    expect(await page.getByTestId('step-title').textContent()).to.equal('Gelöst');
    expect(await page.getByTestId('contact').textContent()).to.match(/^(Anna Schmidt|Jonas Weber|Lea Fischer|Magdalena Kowalska)$/);
    const discussion = (await page.getByTestId('discussion').textContent()) ?? '';
    expect(discussion).to.contain('Ich komme seit gestern nicht mehr ins Kundenportal.').and.contain('Guten Tag Erika Mustermann').and.contain(mail.subject);
    // A closed ticket takes no reply; nothing internal is shown.
    expect(await page.locator('textarea').count()).to.equal(0);
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.to.match(/@musterfirma\.example/);
    expect(body).not.to.contain('first_response');
    expect(body).not.to.contain('24 Stunden');
    expect(problems).to.deep.equal([]);
    await web.screenshot(page, 'portal-archived');
    await page.context().close();
  });

  it('still answers a wrong or another ticket’s token for an archived ticket with the same 404 as an unknown ticket', async () => {
    const token = new URL(portalLink).searchParams.get('t')!;
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const { page } = await web.page();
    await page.goto(`${web.baseUrl}/tickets/SOP-000000-ZZZZZ?t=${token}`);
    const unknownText = await page.locator('main').textContent();
    for (const url of [`${web.baseUrl}/tickets/${ticket}?t=${tampered}`, `${web.baseUrl}/tickets/${ticket}`, `${web.baseUrl}/tickets/${fixture[0]!.number}?t=${token}`]) {
      const response = await page.goto(url);
      expect(response?.status(), url).to.equal(404);
      expect(await page.locator('main').textContent(), url).to.equal(unknownText);
      const html = await page.content();
      expect(html, url).not.to.contain('Passwort vergessen');
      expect(html, url).not.to.contain('Erika');
    }
    await page.context().close();
  });

  it('shows the archived ticket to an agent, read-only, with its timeline', async () => {
    const { page, problems } = await agentPage();
    await page.goto(`${web.baseUrl}/agent/tickets/${ticket}`);
    expect(await page.getByTestId('archived').textContent()).to.contain('aus dem Ticketarchiv');
    expect(await page.getByTestId('state').textContent()).to.equal('resolved');
    expect(await page.getByTestId('event-forms').locator('form').count()).to.equal(0);
    const timeline = (await page.getByTestId('timeline').textContent()) ?? '';
    expect(timeline).to.contain('RESOLVE').and.contain('Ich komme seit gestern nicht mehr ins Kundenportal.');
    expect(problems).to.deep.equal([]);
    await web.screenshot(page, 'ticket-archived');
    await page.context().close();
  });

  it('shows per state SLA met %, time in step and breaches of the closed tickets on the flow page, hot spots on the diagram', async () => {
    const { page, problems } = await agentPage();
    await page.goto(`${web.baseUrl}/flows/password-reset`);
    await page.locator('body[data-diagram="ready"]').waitFor();
    // The fixture's four tickets and the one closed above (under a minute in every step, all met).
    const figure = (state: string, name: string) => page.locator(`tr[data-state="${state}"] td[data-figure="${name}"]`).textContent();
    expect(await figure('new', 'met-pct')).to.equal('80.0 %');
    expect(await figure('new', 'breached')).to.equal('1 / 5');
    expect(await figure('new', 'p50')).to.equal('10.0 min');
    expect(await figure('new', 'overrun')).to.equal('20.0 min');
    expect(await figure('l1_identity_check', 'met-pct')).to.equal('100.0 %');
    expect(await figure('l1_identity_check', 'p50')).to.equal('20.0 min');
    expect(await figure('l1_reset_password', 'overrun')).to.equal('1420.0 min');
    expect(await figure('l2_account_analysis', 'p50')).to.equal('–');
    expect(await page.locator('tr[data-state="new"]').getAttribute('data-heat')).to.equal('warm');
    expect(await page.locator('tr[data-state="l1_identity_check"]').getAttribute('data-heat')).to.equal(null);
    // On the diagram: the figures in the state's box, the hot spot drawn in its colour.
    const node = page.locator('svg g.node[id*="s_new"]').first();
    expect(await node.textContent()).to.contain('SLA eingehalten 80.0 %').and.contain('p50 10.0 min');
    expect(await node.getAttribute('class')).to.contain('heat_warm');
    expect(await page.locator('svg g.node[id*="s_l1_identity_check"]').first().getAttribute('class')).not.to.contain('heat_');
    expect(await page.locator('canvas[data-chart="sla-met"]').getAttribute('data-rendered')).to.equal('3');
    expect(problems.filter((problem) => !/style/i.test(problem))).to.deep.equal([]);
    await web.screenshot(page, 'flow-figures');
    await page.context().close();
  });

  it('updates the flow page live when a ticket is opened, without a reload', async () => {
    const { page } = await agentPage();
    await page.goto(`${web.baseUrl}/flows/password-reset`);
    await page.locator('body[data-diagram="ready"]').waitFor();
    const open = page.locator('tr[data-state="new"] td[data-count="open"]');
    const before = Number(await open.textContent());
    await page.locator('html').evaluate((root) => root.setAttribute('data-test-mark', 'not reloaded'));
    await cliJson('start', 'password-reset', '--customer', `${customer}-2`, '--subject', 'Noch ein Passwort', '--json');
    await eventually('the flow page to count the new ticket', async () => Number(await open.textContent()) === before + 1, 15_000);
    expect(await page.locator('html').getAttribute('data-test-mark')).to.equal('not reloaded');
    // The diagram is drawn again with the new count.
    await page.locator('body[data-diagram="ready"]').waitFor();
    expect(await page.locator('svg g.node[id*="s_new"]').first().textContent()).to.contain(`▶ ${before + 1} offen`);
    await page.context().close();
  });

  it('draws the dashboard’s weekly charts of SLA met % and same-day rate from the archive', async () => {
    const { page, problems } = await agentPage();
    await page.goto(`${web.baseUrl}/dashboard`);
    const canvas = page.locator('canvas[data-chart="same-day"]');
    await eventually('the chart drawn', async () => (await canvas.getAttribute('data-rendered')) === '3');
    // Chart.js drew on the canvas: some pixels are not blank.
    // Runs in the page (no DOM types in this project's TypeScript set-up).
    const inked = await canvas.evaluate((element) => {
      const drawn = element as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
      const data = drawn.getContext('2d').getImageData(0, 0, drawn.width, drawn.height).data;
      let count = 0;
      for (let index = 3; index < data.length; index += 4) if (data[index]! > 0) count += 1;
      return count;
    });
    expect(inked).to.be.greaterThan(100);
    const rows = page.locator('table[data-testid="weekly"] tbody tr');
    expect(await rows.count()).to.equal(3);
    // The week before last: D alone (3 of 5 clocks met, next day); last week: A, B, C (13 of 15, same day).
    expect(await rows.nth(0).locator('td[data-figure="sla-met"]').textContent()).to.equal('60.0 %');
    expect(await rows.nth(0).locator('td[data-figure="same-day"]').textContent()).to.equal('0.0 %');
    expect(await rows.nth(1).locator('td[data-figure="sla-met"]').textContent()).to.equal('86.7 %');
    expect(await rows.nth(1).locator('td[data-figure="same-day"]').textContent()).to.equal('100.0 %');
    expect(await rows.nth(1).locator('td[data-figure="closed"]').textContent()).to.equal('3');
    expect(problems).to.deep.equal([]);
    await web.screenshot(page, 'dashboard-charts');
    await page.context().close();
  });
});
