import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { signInUrl } from '../src/web/agent-sign-in';
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

interface TimelineRow {
  kind: string;
  event?: string;
  to?: string;
  agent?: string;
  data?: Record<string, unknown>;
}

/**
 * The agent workspace's forms (absence, assignment, priority), the public new-request form and a
 * question to the customer, in the system Chromium against the real stack (WebStack: dev server,
 * worker process, SMTP sink, web server wired like `sopflow serve`).
 */
describe('web forms in a real browser (absence, assignment, priority, new request, a question to the customer)', function () {
  this.timeout(300_000);
  const web = new WebStack();
  const customerMail = `forms-${Date.now().toString(36)}@kunde.example`;
  let ticket = '';
  let agent: Page;

  before(async () => {
    await web.start();
    const opened = await cliJson<{ number: string }>('start', 'password-reset', '--customer', customerMail, '--subject', 'Konto gesperrt', '--email', customerMail, '--name', 'Erika Formular', '--language', 'de', '--json');
    ticket = opened.number;
    // Signed in by a link as the demo prints it (the mailed link is tested in web-browser.test.ts).
    ({ page: agent } = await web.page());
    await agent.goto(signInUrl(web.web.deps.config, web.web.deps.secret, 'a.schmidt', Date.now(), `/agent/tickets/${ticket}`));
    await agent.getByRole('button', { name: 'Anmelden' }).click();
    await agent.waitForURL(`${web.baseUrl}/agent/tickets/${ticket}`);
  });
  after(async () => {
    await web.stop();
  });

  async function cliJson<T>(...args: string[]): Promise<T> {
    const result = await web.stack.cli(...args);
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as T;
  }
  const timeline = () => cliJson<TimelineRow[]>('timeline', ticket, '--json');
  /** Puts a value the page does not offer into a select, as a tampered form would send it. */
  const offer = async (page: Page, select: string, value: string): Promise<void> => {
    await page.locator(select).evaluate((element, wanted) => element.insertAdjacentHTML('beforeend', `<option>${wanted}</option>`), value);
    await page.locator(select).selectOption(value);
  };

  it('assigns the ticket by hand: the timeline shows it; an unknown agent is refused inline and changes nothing; no CSRF, no change', async () => {
    await agent.goto(`${web.baseUrl}/agent/tickets/${ticket}`);
    await agent.locator('#assign-agent').selectOption('l.fischer');
    await agent.getByRole('button', { name: 'Zuweisen' }).click();
    await eventually('the assignment in the timeline', async () => ((await agent.getByTestId('timeline').textContent()) ?? '').includes('Lea Fischer'));
    expect((await timeline()).some((entry) => entry.kind === 'assigned' && entry.agent === 'l.fischer')).to.equal(true);
    await web.screenshot(agent, 'forms-assigned');

    const before = (await timeline()).length;
    await offer(agent, '#assign-agent', 'nobody');
    await agent.getByRole('button', { name: 'Zuweisen' }).click();
    await agent.getByText("no agent 'nobody' in sopflow.config.yaml").waitFor();
    await web.screenshot(agent, 'forms-assign-refused');
    const forged = await agent.request.post(`${web.baseUrl}/agent/tickets/${ticket}/assign`, { form: { agent: 'j.weber' } });
    expect(forged.status()).to.equal(403);
    expect(await forged.text()).to.contain('CSRF');
    expect((await timeline()).length).to.equal(before);
    expect((await web.web.deps.tickets.status(ticket)).assignee).to.equal('l.fischer');
  });

  it('changes the priority: the page and the timeline show it; an unknown priority is refused with the engine’s reason; no CSRF, no change', async () => {
    await agent.goto(`${web.baseUrl}/agent/tickets/${ticket}`);
    await agent.locator('#priority').selectOption('P1');
    await agent.getByRole('button', { name: 'Priorität ändern' }).click();
    await eventually('the priority change in the timeline', async () => (await timeline()).some((entry) => entry.kind === 'priority_changed' && entry.data?.['to'] === 'P1'));
    await eventually('P1 selected on the page', async () => (await agent.locator('#priority').inputValue()) === 'P1');
    await web.screenshot(agent, 'forms-priority');

    // The refusal's answer crosses a live refresh of a change made meanwhile: held back here until
    // the page shows that change, it is older than the page, and the agent still reads it.
    let fetched!: () => void;
    let release!: () => void;
    const answered = new Promise<void>((done) => (fetched = done));
    const released = new Promise<void>((done) => (release = done));
    await agent.route('**/agent/tickets/*/priority', async (route) => {
      const response = await route.fetch();
      fetched();
      await released;
      await route.fulfill({ response });
    });
    await offer(agent, '#priority', 'P9');
    await agent.getByRole('button', { name: 'Priorität ändern' }).click();
    await answered;
    expect((await web.stack.cli('priority', ticket, 'P2')).code).to.equal(0);
    await eventually('P2 selected on the page by the live refresh', async () => (await agent.locator('#priority').inputValue()) === 'P2');
    release();
    const refusal = agent.locator('.refusal', { hasText: 'P9' });
    await refusal.waitFor();
    expect(await refusal.textContent()).to.match(/priority 'P9'|P9.*(P1|unknown)/);
    await agent.unroute('**/agent/tickets/*/priority');
    await web.screenshot(agent, 'forms-priority-refused');

    const before = (await timeline()).length;
    const forged = await agent.request.post(`${web.baseUrl}/agent/tickets/${ticket}/priority`, { form: { priority: 'P4' } });
    expect(forged.status()).to.equal(403);
    expect((await timeline()).length).to.equal(before);
    expect((await web.web.deps.tickets.status(ticket)).priority).to.equal('P2');

    // Another change made elsewhere refreshes the page live; the refusal stays until the agent acts again.
    expect((await web.stack.cli('priority', ticket, 'P3')).code).to.equal(0);
    await eventually('P3 selected on the page by the live refresh', async () => (await agent.locator('#priority').inputValue()) === 'P3');
    expect(await agent.locator('.refusal', { hasText: 'P9' }).count()).to.equal(1);
    await agent.locator('#priority').selectOption('P1');
    await agent.getByRole('button', { name: 'Priorität ändern' }).click();
    await eventually('the refusal gone with the answer to the next action', async () => (await agent.locator('.refusal').count()) === 0);
    expect((await timeline()).filter((entry) => entry.kind === 'priority_changed').map((entry) => entry.data?.['to'])).to.deep.equal(['P1', 'P2', 'P3', 'P1']);
    expect((await web.web.deps.tickets.status(ticket)).priority).to.equal('P1');
  });

  it('marks an agent absent: the dashboard shows it; a bad date is refused with a clear message; no CSRF, no change', async () => {
    const absentees = async () => (await web.web.deps.directory.view()).absences.filter((absence) => absence.agent === 'j.weber' && Date.parse(absence.to) > Date.now());
    await agent.goto(`${web.baseUrl}/agent`);
    await agent.locator('#absent-agent').selectOption('j.weber');
    await agent.locator('#absent-to').fill('morgen früh');
    await agent.getByRole('button', { name: 'Abwesend melden' }).click();
    await agent.getByText("'morgen früh' is not a date and time (until), e.g. 2026-12-24T17:00:00Z").waitFor();
    await web.screenshot(agent, 'forms-absence-refused');
    expect(await absentees()).to.deep.equal([]);
    const forged = await agent.request.post(`${web.baseUrl}/agent/absence`, { form: { agent: 'j.weber', to: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(forged.status()).to.equal(403);
    expect(await absentees()).to.deep.equal([]);

    await agent.goto(`${web.baseUrl}/agent`);
    await agent.locator('#absent-agent').selectOption('j.weber');
    await agent.locator('#absent-to').fill(new Date(Date.now() + 3 * 86_400_000).toISOString());
    await agent.locator('#absent-reason').fill('Urlaub');
    await agent.getByRole('button', { name: 'Abwesend melden' }).click();
    await agent.waitForURL(`${web.baseUrl}/agent`);
    expect(await absentees()).to.have.length(1);
    await eventually('Jonas Weber among the absent on the dashboard', async () => {
      await agent.goto(`${web.baseUrl}/dashboard`);
      return ((await agent.locator('main').textContent()) ?? '').includes('Jonas Weber');
    });
    await web.screenshot(agent, 'forms-absence-dashboard');
  });

  it('takes a new request from the public form; the mail caught by the sink carries the portal link that opens the new ticket', async () => {
    const address = `new-${Date.now().toString(36)}@kunde.example`;
    const { page, problems } = await web.page();
    await page.goto(`${web.baseUrl}/requests/new?lang=en`);
    await web.screenshot(page, 'new-request');
    await page.getByLabel('Your name').fill('Nora Neu');
    await page.getByLabel('Your e-mail address').fill(address);
    await page.getByLabel('Subject').fill('Laptop does not start');
    await page.getByLabel('Your message').fill('The screen stays black since this morning.');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByTestId('request-sent').waitFor();
    expect(await page.getByTestId('request-sent').textContent()).to.contain('on their way by e-mail');
    // The page names no ticket: the number travels only to the address.
    expect(await page.locator('main').textContent()).not.to.match(/SOP-\d{6}-/);
    await web.screenshot(page, 'new-request-sent');
    const mail = await web.mailTo(address, /SOP-\d{6}-/);
    const number = /SOP-\d{6}-[0-9A-Z]{5,8}/.exec(mail.subject)![0];
    const link = linkIn(mail.text, `${web.baseUrl}/tickets/${number}?t=`);
    await page.goto(link);
    expect(await page.getByTestId('ticket-number').textContent()).to.equal(number);
    expect(await page.locator('h1').textContent()).to.equal('Laptop does not start');
    expect(await page.getByTestId('discussion').textContent()).to.contain('The screen stays black since this morning.');
    await web.screenshot(page, 'new-request-portal');
    expect(problems).to.deep.equal([]);
    await page.context().close();
  });

  it('shows the question an agent asks in the mail and, live, in the open portal; the customer’s portal reply answers it', async () => {
    const question = 'Unter welcher Benutzerkennung melden Sie sich an?';
    const received = await web.mailTo(customerMail, /Ihre Anfrage ist eingegangen/);
    const portalLink = linkIn(received.text, `${web.baseUrl}/tickets/${ticket}?t=`);
    const { page: customer, problems } = await web.page();
    await customer.goto(portalLink);
    await customer.locator('html').evaluate((root) => root.setAttribute('data-test-mark', 'not reloaded'));
    // Typed before the question arrives: a live update must not lose it.
    await customer.getByLabel('Ihre Nachricht an uns').fill('Ich schreibe schon…');

    await agent.goto(`${web.baseUrl}/agent/tickets/${ticket}`);
    await agent.locator('form[data-event="ACCEPT"] button').click();
    await agent.locator('#ticket-live[data-state="l1_identity_check"]').waitFor();
    await agent.locator('form[data-event="ASK_CUSTOMER"] textarea[name=question]').fill(question);
    await agent.locator('form[data-event="ASK_CUSTOMER"] button').click();
    await agent.locator('#ticket-live[data-state="l1_waiting_for_customer"]').waitFor();

    const mail = await web.mailTo(customerMail, /Wir benötigen Ihre Rückmeldung/);
    expect(mail.text).to.contain(`Konkret geht es um: ${question}`);
    await customer.getByTestId('discussion').getByText(question).waitFor({ timeout: 20_000 });
    expect(await customer.getByTestId('step-title').textContent()).to.equal('Wartet auf Ihre Antwort');
    expect(await customer.locator('html').getAttribute('data-test-mark')).to.equal('not reloaded');
    expect(await customer.getByLabel('Ihre Nachricht an uns').inputValue()).to.equal('Ich schreibe schon…');
    await web.screenshot(customer, 'portal-question');

    await customer.getByLabel('Ihre Nachricht an uns').fill('Meine Kennung ist e.formular.');
    await customer.getByRole('button', { name: 'Senden' }).click();
    await customer.getByRole('status').waitFor();
    const rows = await timeline();
    expect(rows.some((entry) => entry.kind === 'message' && entry.data?.['text'] === 'Meine Kennung ist e.formular.')).to.equal(true);
    expect(rows.some((entry) => entry.kind === 'transition' && entry.event === 'CUSTOMER_REPLIED' && entry.to === 'l1_identity_check')).to.equal(true);
    expect(await customer.getByTestId('step-title').textContent()).to.equal('Identität wird geprüft');
    await web.screenshot(customer, 'portal-question-answered');
    expect(problems).to.deep.equal([]);
    await customer.context().close();
  });
});
