import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { linkIn, WebStack } from './helpers/web-stack';

/** Polls until `check` returns a value, or fails naming `what`. */
async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** Marks the page so that a reload (which would drop the mark) is detected. */
async function markPage(page: Page): Promise<void> {
  await page.locator('html').evaluate((root) => root.setAttribute('data-test-mark', 'not reloaded'));
}
async function stillMarked(page: Page): Promise<boolean> {
  return (await page.locator('html').getAttribute('data-test-mark')) === 'not reloaded';
}

/**
 * The web pages in the system Chromium, against the real stack: dev server, worker process,
 * SMTP sink, and the web server wired as `sopflow serve` wires it. Customer links and sign-in
 * links are taken from the mails the sink caught.
 */
describe('web pages in a real browser (portal, agent workspace, dashboard, flow page)', function () {
  this.timeout(300_000);
  const web = new WebStack();
  const customer = `C-${Date.now().toString(36)}`;
  const customerMail = `${customer.toLowerCase()}@kunde.example`;
  let ticket = '';
  let portalLink = '';
  let agentPage: Page;

  before(async () => {
    await web.start();
  });
  after(async () => {
    await web.stop();
  });

  const cliJson = async <T>(...args: string[]): Promise<T> => {
    const result = await web.stack.cli(...args);
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as T;
  };
  const timelineLength = async (): Promise<number> => (await cliJson<unknown[]>('timeline', ticket, '--json')).length;

  it('opens the portal from the link in a real mail: ticket, current step, contact and discussion', async () => {
    const opened = await cliJson<{ number: string }>('start', 'password-reset', '--customer', customer, '--subject', 'Passwort vergessen <b>fett</b>', '--email', customerMail, '--name', 'Erika Mustermann', '--language', 'de', '--json');
    ticket = opened.number;
    const mail = await web.mailTo(customerMail, /Ihre Anfrage ist eingegangen/);
    portalLink = linkIn(mail.text, `${web.baseUrl}/tickets/${ticket}?t=`);
    const { page, problems } = await web.page();
    // The owner is picked right after the ticket opens; the portal shows them once they are.
    await eventually('the contact on the portal', async () => {
      await page.goto(portalLink);
      const contact = await page.getByTestId('contact').textContent();
      return contact && contact !== 'wird gerade zugewiesen' ? contact : undefined;
    });
    expect(await page.getByTestId('ticket-number').textContent()).to.equal(ticket);
    // The subject is shown as text, never as markup.
    expect(await page.locator('h1').textContent()).to.equal('Passwort vergessen <b>fett</b>');
    expect(await page.locator('h1 b').count()).to.equal(0);
    // The portal speaks the ticket's language, state titles included (German ticket: German title).
    expect(await page.getByTestId('step-title').textContent()).to.equal('Eingegangen');
    const contact = await page.getByTestId('contact').textContent();
    expect(contact).to.match(/^(Anna Schmidt|Jonas Weber|Lea Fischer|Magdalena Kowalska)$/);
    const discussion = await page.getByTestId('discussion').textContent();
    expect(discussion).to.contain(mail.subject).and.contain('Guten Tag Erika Mustermann');
    // Never internal data: no agent e-mail addresses, no SLA internals, no team messages.
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.to.match(/@musterfirma\.example/);
    expect(body).not.to.contain('first_response');
    // Nor the SOP's instructions to the agent for this step (password-reset `new`), in any language.
    for (const instructions of ['wartet auf einen Agenten', 'waits for a first-level agent', 'czeka na agenta']) {
      expect(await page.content()).not.to.contain(instructions);
      expect(mail.text).not.to.contain(instructions);
    }
    expect(problems).to.deep.equal([]);
    await web.screenshot(page, 'portal');
    await page.context().close();
  });

  it('shows nothing of a ticket for a tampered, missing or another ticket’s token: the same 404 as an unknown ticket', async () => {
    const other = await cliJson<{ number: string }>('start', 'password-reset', '--customer', `${customer}-2`, '--subject', 'Anderes Ticket', '--email', `other-${customerMail}`, '--json');
    const otherLink = linkIn((await web.mailTo(`other-${customerMail}`, /eingegangen/)).text, `${web.baseUrl}/tickets/${other.number}?t=`);
    const token = new URL(portalLink).searchParams.get('t')!;
    const otherToken = new URL(otherLink).searchParams.get('t')!;
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const { page } = await web.page();
    const unknown = await page.goto(`${web.baseUrl}/tickets/SOP-000000-ZZZZZ?t=${token}`);
    const unknownText = await page.locator('main').textContent();
    for (const url of [`${web.baseUrl}/tickets/${ticket}?t=${tampered}`, `${web.baseUrl}/tickets/${ticket}`, `${web.baseUrl}/tickets/${ticket}?t=${otherToken}`]) {
      const response = await page.goto(url);
      expect(response?.status(), url).to.equal(404);
      expect(await page.locator('main').textContent(), url).to.equal(unknownText);
      const html = await page.content();
      expect(html).not.to.contain('Passwort vergessen');
      expect(html).not.to.contain(ticket);
    }
    expect(unknown?.status()).to.equal(404);
    await web.screenshot(page, 'portal-not-found');
    await page.context().close();
  });

  it('signs an agent in through the mailed one-time link; the link does not work twice', async () => {
    const { page } = await web.page();
    agentPage = page;
    await page.goto(`${web.baseUrl}/agent/queue`);
    expect(new URL(page.url()).pathname).to.equal('/agent/sign-in');
    await page.getByLabel('Kennung oder E-Mail').fill('anna.schmidt@musterfirma.example');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('status').waitFor();
    const link = linkIn((await web.mailTo('anna.schmidt@musterfirma.example', /Anmelden/)).text, `${web.baseUrl}/agent/sign-in/`);
    await page.goto(link);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${web.baseUrl}/agent/queue`);
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === 'sopflow_session');
    expect(session).to.include({ httpOnly: true, sameSite: 'Strict' });
    // The queue lists the ticket (visibility is a few seconds behind).
    await eventually('the ticket in the queue', async () => {
      await page.goto(`${web.baseUrl}/agent/queue?flow=password-reset`);
      return (await page.locator(`tr[data-ticket="${ticket}"]`).count()) === 1;
    });
    await web.screenshot(page, 'queue');
    // A second browser cannot use the same link.
    const { page: second } = await web.page();
    await second.goto(link);
    await second.getByRole('button', { name: 'Anmelden' }).click();
    expect(await second.locator('.refusal').textContent()).to.contain('abgelaufen oder wurde schon verwendet');
    expect((await second.context().cookies()).find((cookie) => cookie.name === 'sopflow_session')).to.equal(undefined);
    await second.context().close();
  });

  it('sends an event through the generated form and shows the new state without a reload', async () => {
    const page = agentPage;
    await page.locator(`tr[data-ticket="${ticket}"] a`).click();
    await page.waitForURL(`${web.baseUrl}/agent/tickets/${ticket}`);
    expect(await page.getByTestId('state').textContent()).to.equal('new');
    await markPage(page);
    // The event's button speaks the agent's language too: password-reset's German title of ACCEPT.
    expect(await page.locator('form[data-event="ACCEPT"] button').textContent()).to.equal('Ticket übernehmen');
    await page.locator('form[data-event="ACCEPT"] button').click();
    await page.locator('#ticket-live[data-state="l1_identity_check"]').waitFor();
    expect(await stillMarked(page)).to.equal(true);
    // The agent page speaks the agent's language (a German-speaking agent here).
    expect(await page.getByTestId('state-title').textContent()).to.equal('Identität wird geprüft');
    expect(await page.locator('form[data-event="IDENTITY_CHECKED"] strong').textContent()).to.equal('Identität geprüft');
    // What to do: the SOP's instruction for the step; apart from it, what the customer is told.
    expect(await page.getByTestId('state-instructions').textContent()).to.equal('Bestätigen, dass das Konto dem Anrufer gehört, bevor etwas geändert wird.');
    expect(await page.getByTestId('state-description').textContent()).to.equal('Kunde sieht: Bevor wir etwas ändern, prüfen wir, ob das Konto Ihnen gehört.');
    expect(await page.locator('form[data-event="IDENTITY_CHECKED"] input[type=checkbox][name=verified]').count()).to.equal(1);
    await web.screenshot(page, 'ticket');
  });

  it('shows a refused event inline with the engine’s reason and leaves the history unchanged', async () => {
    const page = agentPage;
    const before = await timelineLength();
    // As an old browser (or a hand-made request) would: the form without its `required` check.
    await page.locator('form[data-event="ESCALATE"] textarea[name=reason]').evaluate((element) => element.removeAttribute('required'));
    await page.locator('form[data-event="ESCALATE"] button').click();
    const refusal = await page.getByTestId('refusal').textContent();
    expect(refusal).to.contain("ESCALATE refused: field 'reason' is required for ESCALATE");
    expect(await page.getByTestId('state').textContent()).to.equal('l1_identity_check');
    expect(await timelineLength()).to.equal(before);
  });

  it('refuses a post without the CSRF token and changes nothing', async () => {
    const before = await timelineLength();
    const response = await agentPage.request.post(`${web.baseUrl}/agent/tickets/${ticket}/events/ESCALATE`, { form: { reason: 'forged' } });
    expect(response.status()).to.equal(403);
    expect(await response.text()).to.contain('CSRF');
    const wrong = await agentPage.request.post(`${web.baseUrl}/agent/tickets/${ticket}/events/ESCALATE`, { form: { reason: 'forged', _csrf: 'not-the-token' } });
    expect(wrong.status()).to.equal(403);
    expect(await timelineLength()).to.equal(before);
  });

  it('updates the ticket page live when the CLI changes the ticket, keeping what the agent typed', async () => {
    const page = agentPage;
    await page.locator('form[data-event="ASK_CUSTOMER"] textarea[name=question]').fill('Wie lautet Ihre Kundennummer?');
    await page.locator('form[data-event="ESCALATE"] textarea[name=reason]').fill('still typing…');
    await markPage(page);
    const changed = await web.stack.cli('priority', ticket, 'P1');
    expect(changed.code, changed.stderr).to.equal(0);
    // The command names itself as who changed it.
    const changes = (await cliJson<Array<{ kind: string; actor?: string }>>('timeline', ticket, '--json')).filter((entry) => entry.kind === 'priority_changed');
    expect(changes.map((entry) => entry.actor)).to.deep.equal(['cli']);
    await eventually('the new priority on the page', async () => ((await page.locator('#ticket-live').textContent()) ?? '').includes('P1'));
    expect(await stillMarked(page)).to.equal(true);
    expect(await page.locator('form[data-event="ESCALATE"] textarea[name=reason]').inputValue()).to.equal('still typing…');
    await page.locator('form[data-event="ASK_CUSTOMER"] button').click();
    await page.locator('#ticket-live[data-state="l1_waiting_for_customer"]').waitFor();
  });

  it('takes a customer reply from the portal into the timeline and moves the waiting ticket on', async () => {
    const { page, problems } = await web.page();
    await page.goto(portalLink);
    expect(await page.getByTestId('step-title').textContent()).to.equal('Wartet auf Ihre Antwort');
    expect(await page.getByTestId('discussion').textContent()).to.contain('Wir benötigen Ihre Rückmeldung');
    await page.getByLabel('Ihre Nachricht an uns').fill('Meine Kundennummer ist 4711.');
    await page.getByRole('button', { name: 'Senden' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByTestId('discussion').textContent()).to.contain('Meine Kundennummer ist 4711.');
    const timeline = await cliJson<Array<{ kind: string; data?: { text?: string }; event?: string; to?: string }>>('timeline', ticket, '--json');
    expect(timeline.some((entry) => entry.kind === 'message' && entry.data?.text === 'Meine Kundennummer ist 4711.')).to.equal(true);
    expect(timeline.some((entry) => entry.kind === 'transition' && entry.event === 'CUSTOMER_REPLIED' && entry.to === 'l1_identity_check')).to.equal(true);
    expect(await page.getByTestId('step-title').textContent()).to.equal('Identität wird geprüft');
    // The customer reads the step's description, never the agent's instructions for it.
    expect(await page.locator('main').textContent()).to.contain('prüfen wir, ob das Konto Ihnen gehört');
    expect(await page.content()).not.to.contain('Bestätigen, dass das Konto dem Anrufer gehört');
    // The agent's page followed by itself.
    await agentPage.locator('#ticket-live[data-state="l1_identity_check"]').waitFor({ timeout: 10_000 });
    expect(problems).to.deep.equal([]);
    await page.context().close();
  });

  it('records the signed-in agent as who assigned the ticket and who changed its priority', async () => {
    const page = agentPage;
    const { assignee } = await cliJson<{ assignee?: string }>('status', ticket, '--json');
    const next = assignee === 'j.weber' ? 'l.fischer' : 'j.weber';
    await page.goto(`${web.baseUrl}/agent/tickets/${ticket}`);
    await page.locator('#assign-agent').selectOption(next);
    await page.locator('form[action$="/assign"] button').click();
    await eventually('the new owner on the page', async () => (await page.locator('#assign-agent').inputValue()) === next);
    await page.locator('#priority').selectOption('P2');
    await page.locator('form[action$="/priority"] button').click();
    await eventually('the new priority on the page', async () => (await page.locator('#priority').inputValue()) === 'P2');
    const timeline = await cliJson<Array<{ kind: string; agent?: string; actor?: string; data?: { to?: string } }>>('timeline', ticket, '--json');
    const assigned = timeline.filter((entry) => entry.kind === 'assigned' && entry.agent === next);
    expect(assigned.map((entry) => entry.actor)).to.deep.equal(['a.schmidt']);
    const changed = timeline.filter((entry) => entry.kind === 'priority_changed' && entry.data?.to === 'P2');
    expect(changed.map((entry) => entry.actor)).to.deep.equal(['a.schmidt']);
  });

  it('changes the dashboard counts live when a ticket is opened from the CLI', async () => {
    const page = agentPage;
    await page.goto(`${web.baseUrl}/dashboard`);
    const openL1 = page.locator('tr[data-tier="L1"] td[data-count="open"]');
    const before = await eventually('the dashboard to count our tickets', async () => {
      const count = Number(await openL1.textContent());
      return count >= 2 ? count : undefined;
    });
    await markPage(page);
    await cliJson('start', 'password-reset', '--customer', `${customer}-3`, '--subject', 'Noch ein Passwort', '--json');
    await eventually('the dashboard count to rise', async () => Number(await openL1.textContent()) === before + 1, 15_000);
    expect(await stillMarked(page)).to.equal(true);
    expect(Number(await page.getByTestId('opened-today').textContent())).to.be.at.least(3);
    await web.screenshot(page, 'dashboard');
  });

  it('shows the flow diagram with the open tickets of each state, and lists a state’s tickets on click', async () => {
    const { page, problems } = await web.page();
    await page.context().addCookies(await agentPage.context().cookies());
    await page.goto(`${web.baseUrl}/flows/password-reset`);
    await page.locator('body[data-diagram="ready"]').waitFor();
    const row = page.locator('tr[data-state="new"] td[data-count="open"]');
    expect(Number(await row.textContent())).to.be.at.least(2);
    expect(await page.locator('svg g.node').count()).to.be.greaterThan(5);
    expect(await page.locator('svg').first().textContent()).to.match(/\d+ offen/);
    await page.locator('svg g.node[id*="s_new"]').first().click();
    await page.waitForURL(/state=new/);
    expect(await page.locator('#state-tickets').textContent()).to.contain('Eingegangen');
    // The process owner reads the step's instructions and, apart, what the customer sees there.
    expect(await page.getByTestId('state-instructions').textContent()).to.equal('Die Anfrage ist über einen Kanal eingegangen und wartet auf einen Agenten im First-Level-Support.');
    expect(await page.getByTestId('state-description').textContent()).to.match(/^Kunde sieht: Ihre Anfrage ist bei uns eingegangen/);
    expect(await page.locator('tr[data-ticket]').count()).to.be.at.least(2);
    expect(problems.filter((problem) => !/style/i.test(problem))).to.deep.equal([]);
    await web.screenshot(page, 'flow');
    await page.context().close();
  });
});
