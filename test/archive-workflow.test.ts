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
});
