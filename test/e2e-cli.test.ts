import { expect } from 'chai';
import { Client, Connection } from '@temporalio/client';
import { simpleParser } from 'mailparser';
import { E2eStack } from './helpers/e2e-stack';

/** Polls until `check` returns a value, or fails naming `what`. */
async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

describe('end to end: CLI, worker processes and the dev server on SQLite', function () {
  this.timeout(240_000);
  const stack = new E2eStack();
  let ticket = '';

  before(async () => {
    await stack.start();
    await stack.startWorker();
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    // The workers are separate processes: on failure, show what they logged and why workflow tasks failed.
    console.error(`--- worker output ---\n${stack.workerOutput().slice(-20_000)}`);
    if (ticket) console.error(`--- failed workflow tasks of ${ticket} ---\n${await stack.workflowTaskFailures(ticket)}`);
  });
  after(async () => {
    await stack.stop();
  });

  const json = <T>(result: { code: number; stdout: string; stderr: string }): T => {
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as T;
  };

  it('starts a ticket, sends events, shows status and lists it by search attribute', async () => {
    const opened = json<{ number: string; attached: boolean }>(
      await stack.cli('start', 'password-reset', '--customer', 'C-1042', '--subject', 'Passwort vergessen', '--priority', 'P2', '--email', 'erika@kunde.example', '--language', 'de', '--json'),
    );
    expect(opened.number).to.match(/^SOP-\d{6}-[0-9A-Z]{5}$/);
    expect(opened.attached).to.equal(false);
    ticket = opened.number;
    const accepted = json<{ state: string; tier: string }>(await stack.cli('send', ticket, 'ACCEPT', '--actor', 'a.schmidt', '--json'));
    expect(accepted).to.include({ state: 'l1_identity_check', tier: 'L1' });
    const escalated = json<{ state: string; tier: string }>(await stack.cli('send', ticket, 'ESCALATE', '--field', 'reason=Konto gesperrt', '--json'));
    expect(escalated).to.include({ state: 'l2_account_analysis', tier: 'L2' });
    const status = await stack.cli('status', ticket);
    expect(status.code).to.equal(0);
    expect(status.stdout).to.contain('state     l2_account_analysis').and.contain('tier      L2');
    const listed = await eventually('the ticket in visibility by state and tier', async () => {
      const rows = json<Array<{ number: string; tier: string }>>(await stack.cli('list', '--state', 'l2_account_analysis', '--tier', 'L2', '--json'));
      return rows.find((row) => row.number === ticket);
    });
    expect(listed.tier).to.equal('L2');
    const mails = await eventually('the customer mails', () => {
      const found = stack.mail.mails.filter((mail) => mail.to.includes('erika@kunde.example') && mail.subject.includes(ticket));
      return found.length >= 3 ? found : undefined;
    });
    expect(mails[0]!.subject).to.contain(ticket);
  });

  it('writes the state title in the ticket’s language into its status mail: a German password reset says „Identität wird geprüft“', async () => {
    // The ticket of the first case is German; ACCEPT moved it to l1_identity_check, which has no
    // template of its own, so the customer got the status-change mail.
    const mail = await eventually('the status mail of the German ticket', () =>
      stack.mail.mails.find((candidate) => candidate.to.includes('erika@kunde.example') && candidate.subject.includes(ticket) && candidate.subject.includes('Neuer Status')),
    );
    expect(mail.subject).to.equal(`[${ticket}] Neuer Status Ihres Tickets: Identität wird geprüft`);
    const body = (await simpleParser(mail.raw)).text ?? '';
    expect(body).to.contain('Neuer Status: Identität wird geprüft');
    expect(body).not.to.contain('Checking identity');
  });

  it('attaches a second contact about the same topic to the open ticket', async () => {
    const again = json<{ number: string; attached: boolean }>(await stack.cli('start', 'password-reset', '--customer', 'C-1042', '--subject', 'Ich rufe nochmal an', '--json'));
    expect(again).to.deep.include({ number: ticket, attached: true });
    const timeline = json<Array<{ kind: string }>>(await stack.cli('timeline', ticket, '--json'));
    expect(timeline.map((entry) => entry.kind)).to.include('contacted_again');
  });

  it('refuses a bad event with one clear line and leaves the history unchanged', async () => {
    const connection = await Connection.connect({ address: stack.server.address });
    const client = new Client({ connection });
    const handle = client.workflow.getHandle(ticket);
    // Mails of earlier steps may still be on their way; their activities add events of their own.
    const before = await eventually('the ticket to be quiet', async () => {
      const length = (await handle.fetchHistory()).events?.length ?? 0;
      const { raw } = await handle.describe();
      await new Promise((done) => setTimeout(done, 500));
      const quiet = (raw.pendingActivities ?? []).length === 0 && !raw.pendingWorkflowTask && (await handle.fetchHistory()).events?.length === length;
      return quiet ? length : undefined;
    });
    const timelineBefore = (await stack.cli('timeline', ticket, '--json')).stdout;
    const refused = await stack.cli('send', ticket, 'CONFIRMED');
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.equal(
      "error: CONFIRMED is not accepted in state 'l2_account_analysis'; allowed now: RESOLVE, HAND_BACK, ASK_CUSTOMER, ESCALATE",
    );
    const missing = await stack.cli('send', ticket, 'RESOLVE');
    expect(missing.stderr).to.equal("error: RESOLVE refused: field 'resolution' is required for RESOLVE");
    expect((await stack.cli('timeline', ticket, '--json')).stdout).to.equal(timelineBefore);
    const after = (await handle.fetchHistory()).events?.length;
    // A rejected update leaves no event in the history (only a speculative task may be recorded before acceptance).
    expect(after).to.equal(before);
    await connection.close();
  });

  it('reports an unknown ticket, an unknown flow and an unreachable server as one line each', async () => {
    const unknown = await stack.cli('status', 'SOP-000000-XXXXX');
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr.split('\n')[0]).to.equal("error: no ticket 'SOP-000000-XXXXX'");
    const flow = await stack.cli('start', 'pasword-reset', '--customer', 'C-1', '--subject', 'x');
    expect(flow.stderr).to.contain("error: unknown flow 'pasword-reset'").and.contain("did you mean 'password-reset'?");
    expect(flow.stderr).not.to.match(/\n\s+at /);
    const unreachable = await stack.cliWith({ TEMPORAL_ADDRESS: '127.0.0.1:1' }, 'list');
    expect(unreachable.code).to.equal(1);
    expect(unreachable.stderr).to.match(/^error: cannot reach Temporal at 127\.0\.0\.1:1/);
  });

  it('a ticket continues with nothing lost after its worker process is killed mid-flow, and the event lands exactly once', async () => {
    await stack.killWorkers('SIGKILL');
    const escalate = ['send', ticket, 'ESCALATE', '--field', 'reason=Portal-Fehler', '--idempotency-key', 'e2e-worker-killed-escalate', '--json'];
    const noWorker = await stack.cliWith({ SOPFLOW_UPDATE_TIMEOUT_MS: '3000' }, ...escalate);
    expect(noWorker.code).to.equal(1);
    expect(noWorker.stderr.split('\n')[0]).to.equal('error: no worker answered within 3 s; the request is not confirmed');
    await stack.startWorker();
    // The unconfirmed event may have reached the ticket or not; the retry with the same key applies it at most once more.
    const retried = await stack.cli(...escalate);
    expect(retried.code, retried.stderr).to.equal(0);
    expect(json<{ state: string }>(retried).state).to.equal('l3_portal_provider');
    const timeline = json<Array<{ kind: string; event?: string; from?: string; to?: string }>>(await stack.cli('timeline', ticket, '--json'));
    const escalations = timeline.filter((entry) => entry.kind === 'transition' && entry.event === 'ESCALATE' && entry.from === 'l2_account_analysis');
    expect(escalations.map((entry) => entry.to)).to.deep.equal(['l3_portal_provider']);
  });

  it('tickets survive a restart of the dev server on its SQLite file and continue', async () => {
    const { address } = stack.server;
    const port = Number(address.split(':')[1]);
    await stack.killWorkers('SIGTERM');
    await stack.server.stop();
    await stack.startServer(port);
    await stack.startWorker();
    const status = json<{ state: string }>(await stack.cli('status', ticket, '--json'));
    expect(status.state).to.equal('l3_portal_provider');
    const resolved = json<{ state: string }>(await stack.cli('send', ticket, 'RESOLVE', '--field', 'resolution=Portal-Fehler behoben', '--json'));
    expect(resolved.state).to.equal('resolved');
  });

  it('reassigns the open tickets of an absent owner within the tier and tells the customer why', async () => {
    const opened = json<{ number: string }>(
      await stack.cli('start', 'it-desk-incident', '--customer', 'C-2001', '--subject', 'Drucker druckt nicht', '--email', 'max@firma.example', '--language', 'de', '--json'),
    );
    const owner = await eventually('an L1 owner', async () => {
      const status = json<{ assignee?: string; tier?: string }>(await stack.cli('status', opened.number, '--json'));
      return status.assignee;
    });
    const marked = await stack.cli('agent', 'absent', owner, '--to', new Date(Date.now() + 7 * 86_400_000).toISOString(), '--reason', 'Urlaub');
    expect(marked.code, marked.stderr).to.equal(0);
    const replacement = await eventually('a new owner', async () => {
      const status = json<{ assignee?: string; tier?: string }>(await stack.cli('status', opened.number, '--json'));
      return status.assignee && status.assignee !== owner ? status : undefined;
    });
    expect(replacement.tier).to.equal('L1');
    const timeline = json<Array<{ kind: string; agent?: string; reason?: string }>>(await stack.cli('timeline', opened.number, '--json'));
    expect(timeline.filter((entry) => entry.kind === 'assigned').map((entry) => [entry.agent, entry.reason])).to.deep.equal([
      [owner, 'new ticket'],
      [replacement.assignee, 'absence'],
    ]);
    const told = await eventually('the customer told about the new contact', () =>
      stack.mail.mails.find((mail) => mail.to.includes('max@firma.example') && /^X-Sopflow-Kind: reassigned/im.test(mail.raw)),
    );
    expect(told.subject).to.contain(opened.number);
    const absences = await stack.cli('agent', 'absences');
    expect(absences.stdout).to.contain(owner).and.contain('Urlaub');
  });
});
