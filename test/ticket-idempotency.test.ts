import { expect } from 'chai';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TicketClient } from '../src/client/ticket-client';
import { SopflowError } from '../src/errors/sopflow-error';
import { catalogOf } from '../src/runtime/flow-catalog';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { timelineQuery } from '../src/workflows/ticket-messages';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { RecordingActivities } from './helpers/recording-activities';
import { createTicketTestEnv, startTestTicket, ticketTestWorker } from './helpers/ticket-test-env';

describe('idempotent requests and customer messages (time-skipping server)', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  let tickets: TicketClient;
  const flow = flowFromYaml(ESCALATION_FLOW);

  before(async () => {
    env = await createTicketTestEnv();
    tickets = new TicketClient(env.client, catalogOf([flow], new Map([['24x7', CALENDAR_24X7]])));
  });
  after(async () => {
    await env?.teardown();
  });

  async function refusal(run: () => Promise<unknown>): Promise<SopflowError> {
    try {
      await run();
    } catch (error) {
      expect(error).to.be.instanceOf(SopflowError);
      return error as SopflowError;
    }
    throw new Error('expected a refusal');
  }

  it('applies an event once when a client retries it with the same key, and says the retry was already applied', async () => {
    const worker = await ticketTestWorker(env, 'tq-idem-send', new RecordingActivities());
    await worker.runUntil(async () => {
      const handle = await startTestTicket(env, 'tq-idem-send', flow);
      await tickets.send(handle.workflowId, { type: 'ACCEPT' });
      const first = await tickets.send(handle.workflowId, { type: 'ESCALATE', data: { reason: 'server offline' } }, { idempotencyKey: 'esc-1' });
      const retry = await tickets.send(handle.workflowId, { type: 'ESCALATE', data: { reason: 'server offline' } }, { idempotencyKey: 'esc-1' });
      expect(first.alreadyApplied).to.equal(false);
      expect(retry.alreadyApplied).to.equal(true);
      expect(retry.state).to.equal('l2_diagnosis');
      expect(retry.receipt?.seq).to.equal(first.receipt?.seq);
      const escalations = (await handle.query(timelineQuery)).filter((entry) => entry.event === 'ESCALATE');
      expect(escalations).to.have.length(1);
      // A new key is a new request: the second ESCALATE goes on to L3.
      const next = await tickets.send(handle.workflowId, { type: 'ESCALATE', data: { reason: 'DNS provider' } }, { idempotencyKey: 'esc-2' });
      expect(next.state).to.equal('l3_provider');
      expect(next.alreadyApplied).to.equal(false);
    });
  });

  it('keeps its receipts across continue-as-new, so a retry in the next run is not applied again', async () => {
    const worker = await ticketTestWorker(env, 'tq-idem-can', new RecordingActivities());
    await worker.runUntil(async () => {
      const handle = await startTestTicket(env, 'tq-idem-can', flow, undefined, { continueAsNewAfter: 1 });
      const firstRun = (await handle.describe()).runId;
      // After this first event the ticket continues as new; the retry reaches the new run.
      const first = await tickets.send(handle.workflowId, { type: 'ACCEPT' }, { idempotencyKey: 'accept-1' });
      expect((await env.client.workflow.getHandle(handle.workflowId).describe()).runId).to.not.equal(firstRun);
      const retry = await tickets.send(handle.workflowId, { type: 'ACCEPT' }, { idempotencyKey: 'accept-1' });
      expect(first.alreadyApplied).to.equal(false);
      expect(retry.alreadyApplied).to.equal(true);
      expect(retry.state).to.equal('l1_triage');
      const timeline = await env.client.workflow.getHandle(handle.workflowId).query(timelineQuery);
      expect(timeline.filter((entry) => entry.event === 'ACCEPT')).to.have.length(1);
    });
  });

  it('applies assign and priority changes once per key', async () => {
    const worker = await ticketTestWorker(env, 'tq-idem-assign', new RecordingActivities());
    await worker.runUntil(async () => {
      const handle = await startTestTicket(env, 'tq-idem-assign', flow);
      await tickets.send(handle.workflowId, { type: 'ACCEPT' });
      const assigned = await tickets.assign(handle.workflowId, { agent: 'zoe', reason: 'covering', actor: 'lead' }, { idempotencyKey: 'assign-zoe' });
      // The owner changes by other means in between; the retried assignment must not undo that.
      await tickets.assign(handle.workflowId, { agent: 'ben', reason: 'back from lunch' });
      const retry = await tickets.assign(handle.workflowId, { agent: 'zoe', reason: 'covering', actor: 'lead' }, { idempotencyKey: 'assign-zoe' });
      expect(assigned.assignee).to.equal('zoe');
      expect(retry.alreadyApplied).to.equal(true);
      // The retry answers with the first result; the ticket itself stays with its current owner.
      expect(retry.assignee).to.equal('zoe');
      expect((await tickets.status(handle.workflowId)).assignee).to.equal('ben');
      const priority = await tickets.changePriority(handle.workflowId, { priority: 'P1', actor: 'lead' }, { idempotencyKey: 'prio-1' });
      const priorityRetry = await tickets.changePriority(handle.workflowId, { priority: 'P1', actor: 'lead' }, { idempotencyKey: 'prio-1' });
      expect([priority.alreadyApplied, priorityRetry.alreadyApplied]).to.deep.equal([false, true]);
      const timeline = await handle.query(timelineQuery);
      expect(timeline.filter((entry) => entry.kind === 'priority_changed').map((entry) => entry.actor)).to.deep.equal(['lead']);
      // Who assigned is recorded; without an actor, nobody is named.
      const assignments = timeline.filter((entry) => entry.kind === 'assigned' && (entry.reason === 'covering' || entry.reason === 'back from lunch'));
      expect(assignments.map((entry) => [entry.agent, entry.actor])).to.deep.equal([['zoe', 'lead'], ['ben', undefined]]);
    });
  });

  it('adds a customer message to the discussion, tells the owner, and sends the reply event only where the state declares one', async () => {
    const recording = new RecordingActivities();
    const worker = await ticketTestWorker(env, 'tq-message', recording);
    await worker.runUntil(async () => {
      const handle = await startTestTicket(env, 'tq-message', flow);
      await tickets.send(handle.workflowId, { type: 'ACCEPT' });
      // l1_triage declares no reply event: the message is a message only.
      const plain = await tickets.addMessage(handle.workflowId, { text: 'Noch eine Frage: gilt das auch für die App?', channel: 'email', from: 'erika@example.org' }, { idempotencyKey: '<m1@example.org>' });
      expect(plain.state).to.equal('l1_triage');
      expect(plain.replyEvent).to.equal(undefined);
      await tickets.send(handle.workflowId, { type: 'ASK_CUSTOMER' });
      const reply = await tickets.addMessage(handle.workflowId, { text: 'Hier ist die Kundennummer: 4711', channel: 'portal' }, { idempotencyKey: 'portal-form-7' });
      expect(reply.replyEvent).to.equal('CUSTOMER_REPLIED');
      expect(reply.state).to.equal('l1_triage');
      // The same message delivered again (a mail fetched twice) lands once.
      const again = await tickets.addMessage(handle.workflowId, { text: 'Hier ist die Kundennummer: 4711', channel: 'portal' }, { idempotencyKey: 'portal-form-7' });
      expect(again.alreadyApplied).to.equal(true);
      const timeline = await handle.query(timelineQuery);
      const messages = timeline.filter((entry) => entry.kind === 'message');
      expect(messages.map((entry) => entry.data?.text)).to.deep.equal(['Noch eine Frage: gilt das auch für die App?', 'Hier ist die Kundennummer: 4711']);
      expect(messages[0]!.data?.from).to.equal('erika@example.org');
      const replied = timeline.filter((entry) => entry.event === 'CUSTOMER_REPLIED');
      expect(replied).to.have.length(1);
      expect(replied[0]!.actor).to.equal('customer');
      expect(replied[0]!.seq).to.equal(messages[1]!.seq + 1);
      const told = recording.notifications.filter((request) => request.ticket.number === handle.workflowId && request.kind === 'customer_message');
      expect(told.map((request) => request.message)).to.deep.equal(['Noch eine Frage: gilt das auch für die App?', 'Hier ist die Kundennummer: 4711']);
      expect(told.every((request) => request.audience === 'assignee' || request.audience === 'team')).to.equal(true);
    });
  });

  it('refuses an empty message and a message to a closed ticket (code TICKET_CLOSED) with nothing changed', async () => {
    const worker = await ticketTestWorker(env, 'tq-message-closed', new RecordingActivities());
    await worker.runUntil(async () => {
      const handle = await startTestTicket(env, 'tq-message-closed', flow);
      await tickets.send(handle.workflowId, { type: 'ACCEPT' });
      const empty = await refusal(() => tickets.addMessage(handle.workflowId, { text: '   ', channel: 'email' }));
      expect(empty.code).to.equal('EVENT_REFUSED');
      expect(empty.message).to.match(/empty/);
      await tickets.send(handle.workflowId, { type: 'RESOLVE', data: { resolution: 'done' } });
      const before = (await handle.query(timelineQuery)).length;
      const closed = await refusal(() => tickets.addMessage(handle.workflowId, { text: 'Danke!', channel: 'email' }));
      expect(closed.code).to.equal('TICKET_CLOSED');
      expect(closed.message).to.match(/closed/);
      expect((await handle.query(timelineQuery)).length).to.equal(before);
    });
  });
});
