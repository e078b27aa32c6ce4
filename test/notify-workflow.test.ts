import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createNotifyActivities } from '../src/activities/notify';
import { loadConfig } from '../src/config';
import { createFileOutbox } from '../src/notify/outbox';
import { startMailSink } from '../src/demo/mail-sink';
import type { MailSink } from '../src/demo/mail-sink';
import { sendEventUpdate, timelineQuery } from '../src/workflows/ticket-messages';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { RecordingActivities } from './helpers/recording-activities';
import { createTicketTestEnv, startTestTicket, testTicket, ticketTestWorker, waitForStatus } from './helpers/ticket-test-env';

/** Waits until `count` mails for `ticket` (those `which` selects) have arrived. */
async function mailsFor(sink: MailSink, ticket: string, count: number, timeoutMs = 30_000, which: (mail: MailSink['mails'][number]) => boolean = () => true) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = sink.mails.filter((mail) => mail.subject.includes(ticket) && which(mail));
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) throw new Error(`expected ${count} mails for ${ticket}, got ${mails.length}: ${mails.map((mail) => mail.subject).join(' | ')}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('notifications from a running ticket, over real SMTP (time-skipping server)', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  let sink: MailSink;
  const flow = flowFromYaml(ESCALATION_FLOW);
  const mailDir = mkdtempSync(join(tmpdir(), 'sopflow-mail-'));

  before(async () => {
    env = await createTicketTestEnv();
    sink = await startMailSink({ port: 0, dir: mailDir });
  });
  after(async () => {
    await sink?.close();
    await env?.teardown();
  });

  /** Real notify activities against the sink; agents picked from the configured pools. */
  function realDeps(port: number) {
    const config = loadConfig(resolve('sopflow.config.yaml'), { ...process.env, SOPFLOW_SMTP_PORT: String(port) });
    const { notify } = createNotifyActivities({ config, outbox: createFileOutbox(mkdtempSync(join(tmpdir(), 'sopflow-outbox-'))) });
    const agents = Object.fromEntries(Object.entries(config.pools).map(([tier, pool]) => [tier, pool.agents.map((agent) => agent.id)]));
    const picker = new RecordingActivities(agents);
    return { notify, pickAssignee: picker.pickAssignee.bind(picker), reportOwner: picker.reportOwner.bind(picker) };
  }

  it('a ticket driven L1 -> L2 -> L3 -> resolved sends the customer exactly the expected mails, in order', async () => {
    const worker = await ticketTestWorker(env, 'tq-mail-path', realDeps(sink.port));
    await worker.runUntil(async () => {
      const ticket = testTicket({ customer: { id: 'C-77', name: 'Jan Kowalski', email: 'jan@klient.example', language: 'pl' } });
      const handle = await startTestTicket(env, 'tq-mail-path', flow, ticket);
      await waitForStatus(handle, (status) => status.assignee !== undefined, 'L1 assignment');
      for (const event of [
        { type: 'ACCEPT' },
        { type: 'ESCALATE', data: { reason: 'serwer nie odpowiada' } },
        { type: 'ESCALATE', data: { reason: 'dostawca DNS' } },
        { type: 'RESOLVE', data: { resolution: 'rekord DNS poprawiony' } },
      ]) {
        const status = await handle.executeUpdate(sendEventUpdate, { args: [event] });
        if (status.kind === 'working') await waitForStatus(handle, (now) => now.assignee !== undefined && (now.tier === 'L1' || !now.assignee.startsWith('a.')), 'assignment');
        await new Promise((done) => setTimeout(done, 300));
      }
      await handle.result();
      const customerMails = (await mailsFor(sink, ticket.number, 7)).filter((mail) => mail.to.includes('jan@klient.example'));
      expect(customerMails).to.have.length(7);
      for (const mail of customerMails) expect(mail.subject).to.contain(ticket.number);
      // Polish texts for a Polish customer.
      expect(customerMails.map((mail) => mail.raw).join('\n')).to.match(/zg\S*oszeni/i);
      const kinds = customerMails.map((mail) => /^X-Sopflow-Kind: (.*)$/im.exec(mail.raw)?.[1]?.trim() ?? mail.subject);
      expect(kinds).to.deep.equal(['received', 'status_changed', 'escalated', 'reassigned', 'escalated', 'reassigned', 'resolved']);
    });
  });

  it('with the SMTP server down the flow goes on, and the mail arrives once after the server is back', async () => {
    const outage = await startMailSink({ port: 0, dir: mkdtempSync(join(tmpdir(), 'sopflow-mail-')) });
    const port = outage.port;
    const worker = await ticketTestWorker(env, 'tq-mail-outage', realDeps(port));
    await worker.runUntil(async () => {
      const ticket = testTicket({ customer: { id: 'C-78', email: 'kunde@kunde.example', language: 'de' } });
      const handle = await startTestTicket(env, 'tq-mail-outage', flow, ticket);
      await mailsFor(outage, ticket.number, 1);
      await outage.close();
      const status = await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT' }] });
      expect(status.state, 'the transition does not wait for the mail').to.equal('l1_triage');
      const escalated = await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ESCALATE', data: { reason: 'Server offline' } }] });
      expect(escalated.state).to.equal('l2_diagnosis');
      await new Promise((done) => setTimeout(done, 1500));
      const back = await startMailSink({ port, dir: mkdtempSync(join(tmpdir(), 'sopflow-mail-')) });
      try {
        // The customer's three mails of the two steps arrive; then a pause in which a duplicate would show.
        await mailsFor(back, ticket.number, 3, 60_000, (mail) => mail.to.includes('kunde@kunde.example'));
        await new Promise((done) => setTimeout(done, 3000));
        const statusMails = back.mails.filter((mail) => mail.subject.includes(ticket.number) && mail.to.includes('kunde@kunde.example'));
        const ids = statusMails.map((mail) => /^Message-ID:\s*(\S+)/im.exec(mail.raw)?.[1]);
        expect(new Set(ids).size, 'no message is delivered twice').to.equal(ids.length);
        // In order, each once, and not the receipt again that reached the server before its outage.
        const kinds = statusMails.map((mail) => /^X-Sopflow-Kind: (.*)$/im.exec(mail.raw)?.[1]?.trim());
        expect(kinds).to.deep.equal(['status_changed', 'escalated', 'reassigned']);
        const timeline = await handle.query(timelineQuery);
        expect(timeline.filter((entry) => entry.kind === 'transition').map((entry) => entry.to)).to.deep.equal(['l1_triage', 'l2_diagnosis']);
      } finally {
        await back.close();
      }
      await handle.terminate();
    });
  });
});
