import { expect } from 'chai';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { inMemoryArchive, postgresArchive } from '../src/archive';
import type { ArchiveStore } from '../src/archive';
import { createTicketActivities } from '../src/activities/ticket-activities';
import { ticketWorkflowBundle } from '../src/runtime/workflow-bundle';
import { startPostgresServer } from '../src/servers';
import type { PostgresServerHandle } from '../src/servers';
import { sendEventUpdate, statusQuery } from '../src/workflows/ticket-messages';
import type { ticketWorkflow } from '../src/workflows/ticket-workflow';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { RecordingActivities } from './helpers/recording-activities';
import { createTicketTestEnv, startTestTicket, testTicket, ticketTestWorker } from './helpers/ticket-test-env';

/** Recording notifications and picks (these tests are about the workflow), with a real archive. */
function depsWith(archive: ArchiveStore): RecordingActivities & { archive: ArchiveStore } {
  return Object.assign(new RecordingActivities(), { archive });
}

describe('archive on close (time-skipping server, real databases)', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  let server: PostgresServerHandle;
  const flow = flowFromYaml(ESCALATION_FLOW);

  before(async () => {
    [env, server] = await Promise.all([createTicketTestEnv(), startPostgresServer()]);
  });
  after(async () => {
    await env?.teardown();
    await server?.destroy();
  });

  it('a closed ticket is written once; running the archive activity again, or replaying the history, still counts once', async () => {
    const store = inMemoryArchive();
    try {
      const worker = await ticketTestWorker(env, 'tq-archive-once', depsWith(store));
      const ticket = testTicket();
      const handle = await worker.runUntil(async () => {
        const started = await startTestTicket(env, 'tq-archive-once', flow, ticket);
        await started.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT', actor: 'anna' }] });
        await started.executeUpdate(sendEventUpdate, { args: [{ type: 'RESOLVE', data: { resolution: 'reset' }, actor: 'anna' }] });
        expect((await started.result()).state).to.equal('resolved');
        return started;
      });
      const record = await store.getTicket(ticket.number);
      expect(record).to.include({ number: ticket.number, finalState: 'resolved', solvedAtL1: true });
      expect(record!.stays.map((stay) => stay.state)).to.deep.equal(['intake', 'l1_triage']);
      expect(record!.timeline.filter((entry) => entry.kind === 'transition').map((entry) => entry.event)).to.deep.equal(['ACCEPT', 'RESOLVE']);

      // The activity run a second time with the same record (a retry after a lost answer).
      const again = await createTicketActivities(depsWith(store)).archiveClosedTicket(record!);
      expect(again).to.deep.equal({ archived: true, writes: 2 });
      // A replay of the ticket's history runs no activity at all.
      const history = await handle.fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: await ticketWorkflowBundle() }, history, ticket.number);
      expect(await store.count()).to.equal(1);
      expect(await store.getTicket(ticket.number)).to.deep.equal(record);
    } finally {
      await store.close();
    }
  });

  it('the database down at close: the ticket is final at once, the write is retried, and the record arrives once when it is back', async () => {
    const store = postgresArchive(server.url);
    try {
      await store.ready();
      const worker = await ticketTestWorker(env, 'tq-archive-fault', depsWith(store));
      const ticket = testTicket();
      await worker.runUntil(async () => {
        const handle = await startTestTicket(env, 'tq-archive-fault', flow, ticket);
        await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT', actor: 'anna' }] });
        await server.stop();
        const closed = await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'RESOLVE', data: { resolution: 'reset' }, actor: 'anna' }] });
        expect([closed.state, closed.kind]).to.deep.equal(['resolved', 'final']);
        // The archive activity fails while the server is down, and the workflow waits for it, retrying.
        const deadline = Date.now() + 60_000;
        for (;;) {
          const description = await handle.describe();
          const pending = description.raw.pendingActivities ?? [];
          expect(description.status.name).to.equal('RUNNING');
          if (pending.some((activity) => activity.activityType?.name === 'archiveClosedTicket' && (activity.attempt ?? 0) >= 2)) break;
          if (Date.now() > deadline) throw new Error(`the archive activity was not retried: ${JSON.stringify(pending)}`);
          await new Promise((done) => setTimeout(done, 200));
        }
        expect((await handle.query(statusQuery)).state).to.equal('resolved');
        await server.start();
        expect((await handle.result()).state).to.equal('resolved');
      });
      const record = await store.getTicket(ticket.number);
      expect(record).to.include({ number: ticket.number, finalState: 'resolved' });
      expect(await store.count()).to.equal(1);
      expect(await store.put(record!)).to.deep.equal({ inserted: false, writes: 2 });
    } finally {
      await store.close();
    }
  });

  it('a follow-up writes its link into the closed ticket it follows: in the background while the database is down, once, not again on replay', async () => {
    const store = postgresArchive(server.url);
    try {
      await store.ready();
      const before = await store.count();
      const worker = await ticketTestWorker(env, 'tq-archive-link', depsWith(store));
      const old = testTicket();
      const followUp = testTicket();
      const { oldHandle, newHandle } = await worker.runUntil(async () => {
        const oldHandle = await startTestTicket(env, 'tq-archive-link', flow, old);
        await oldHandle.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT', actor: 'anna' }] });
        await oldHandle.executeUpdate(sendEventUpdate, { args: [{ type: 'RESOLVE', data: { resolution: 'reset' }, actor: 'anna' }] });
        expect((await oldHandle.result()).state).to.equal('resolved');

        await server.stop();
        // The client keeps the link in the memo (src/client/ticket-client.ts), as intake's follow-ups do.
        const newHandle = await env.client.workflow.start<typeof ticketWorkflow>('ticketWorkflow', {
          workflowId: followUp.number,
          taskQueue: 'tq-archive-link',
          args: [{ flow, calendar: CALENDAR_24X7, ticket: followUp }],
          memo: { linkedTo: old.number },
        });
        // The new ticket works on while its link waits for the database.
        const accepted = await newHandle.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT', actor: 'bea' }] });
        expect(accepted.state).to.equal('l1_triage');
        const deadline = Date.now() + 60_000;
        for (;;) {
          const pending = (await newHandle.describe()).raw.pendingActivities ?? [];
          if (pending.some((activity) => activity.activityType?.name === 'archiveTicketLink' && (activity.attempt ?? 0) >= 2)) break;
          if (Date.now() > deadline) throw new Error(`the link was not retried: ${JSON.stringify(pending)}`);
          await new Promise((done) => setTimeout(done, 200));
        }
        await server.start();
        await newHandle.executeUpdate(sendEventUpdate, { args: [{ type: 'RESOLVE', data: { resolution: 'again' }, actor: 'bea' }] });
        expect((await newHandle.result()).state).to.equal('resolved');
        return { oldHandle, newHandle };
      });

      const record = await store.getTicket(old.number);
      expect(record!.linkedFrom!.map((link) => link.number)).to.deep.equal([followUp.number]);
      // The follow-up is archived on its own close; the old ticket's record still counts once.
      expect(await store.count()).to.equal(before + 2);
      // Run again (a retry after a lost answer) and replayed: still one link, and a replay runs no activity.
      expect(await createTicketActivities(depsWith(store)).archiveTicketLink({ number: old.number, linkedFrom: followUp.number, at: record!.linkedFrom![0]!.at })).to.deep.equal({ linked: true, added: false });
      const bundle = await ticketWorkflowBundle();
      await Worker.runReplayHistory({ workflowBundle: bundle }, await newHandle.fetchHistory(), followUp.number);
      expect((await store.getTicket(old.number))!.linkedFrom).to.have.length(1);
      // A ticket that links to nothing schedules no link write.
      const oldHistory = await oldHandle.fetchHistory();
      const scheduled = (oldHistory.events ?? []).map((event) => event.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
      expect(scheduled).to.include('archiveClosedTicket').and.not.include('archiveTicketLink');
    } finally {
      await store.close();
    }
  });
});
