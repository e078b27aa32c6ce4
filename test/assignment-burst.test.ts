import { expect } from 'chai';
import { resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DirectoryClient } from '../src/assignment/directory-client';
import { loadConfig } from '../src/config';
import type { SopflowConfig } from '../src/config/schema';
import { createTicketWorker } from '../src/runtime/ticket-worker';
import { directoryTaskQueue } from '../src/runtime/task-queue';
import type { TicketStatus, TimelineEntry } from '../src/ticket/types';
import { AGENT_DIRECTORY_ID, directoryViewQuery } from '../src/workflows/agent-directory-messages';
import { sendEventUpdate, statusQuery, timelineQuery } from '../src/workflows/ticket-messages';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { RecordingActivities } from './helpers/recording-activities';
import { createTicketTestEnv, startTestTicket, testTicket, waitForStatus } from './helpers/ticket-test-env';

const CAPACITY = { anna: 3, ben: 3, carl: 4 };

/** The shipped configuration with a small L1 pool, so a burst of 60 tickets overruns it. */
function burstConfig(): SopflowConfig {
  const config = loadConfig(resolve('sopflow.config.yaml'));
  const agent = (id: string, capacity: number) => ({ id, name: id, email: `${id}@example.org`, skills: [], capacity });
  return {
    ...config,
    pools: {
      ...config.pools,
      L1: { strategy: 'round-robin', agents: Object.entries(CAPACITY).map(([id, capacity]) => agent(id, capacity)) },
    },
  };
}

describe('owner assignment under a burst of tickets (time-skipping server, real agent directory)', function () {
  this.timeout(300_000);
  let env: TestWorkflowEnvironment;

  before(async () => {
    env = await createTicketTestEnv();
  });
  after(async () => {
    await env?.teardown();
  });
  // Each test runs its own directory on its own task queue: the one before ends with its worker.
  afterEach(async () => {
    await env.client.workflow
      .getHandle(AGENT_DIRECTORY_ID)
      .terminate('test finished')
      .catch(() => undefined);
  });

  it('gives every ticket an owner within capacity or a place in the queue, tells the team once, and serves the queue as tickets close', async () => {
    const taskQueue = 'tq-burst';
    const recording = new RecordingActivities();
    const directory = new DirectoryClient(env.client, burstConfig(), directoryTaskQueue(taskQueue));
    const worker = await createTicketWorker({
      connection: env.nativeConnection,
      taskQueue,
      tickets: { notify: recording.notify.bind(recording), pickAssignee: (request) => directory.pick(request), reportOwner: (report) => directory.report(report) },
      directory: { client: env.client },
    });
    const flow = flowFromYaml(ESCALATION_FLOW);
    await worker.runUntil(async () => {
      const handles = await Promise.all(Array.from({ length: 60 }, () => startTestTicket(env, taskQueue, flow, testTicket())));
      const settled = async (): Promise<TicketStatus[]> => {
        for (let round = 0; round < 600; round++) {
          const views = await Promise.all(handles.map(async (handle) => ({ status: await handle.query(statusQuery), timeline: await handle.query(timelineQuery) })));
          const done = views.every((view) => view.status.assignee || view.timeline.some((entry) => entry.reason?.startsWith('waiting for an L1 owner')));
          if (done) return views.map((view) => view.status);
          await new Promise((wait) => setTimeout(wait, 100));
        }
        throw new Error('the burst did not settle');
      };
      const statuses = await settled();
      const owners = statuses.flatMap((status) => (status.assignee ? [status.assignee] : []));
      expect(owners).to.have.length(10);
      for (const [agent, capacity] of Object.entries(CAPACITY)) expect(owners.filter((owner) => owner === agent), agent).to.have.length(capacity);
      const directoryHandle = env.client.workflow.getHandle(AGENT_DIRECTORY_ID);
      const view = await directoryHandle.query(directoryViewQuery);
      expect(view.loads).to.deep.equal(CAPACITY);
      expect(view.queued).to.deep.equal({ L1: 50 });
      const alerts = recording.notifications.filter((request) => request.kind === 'assignment_failed' && request.audience === 'team');
      expect(alerts, 'the team hears about the queue once').to.have.length(1);
      expect(alerts[0]!.reason).to.match(/nobody available within capacity/);

      // Six owned tickets close: their owners' load is freed at once and six queued tickets get them.
      const owned = handles.filter((_, index) => statuses[index]!.assignee);
      for (const handle of owned.slice(0, 6)) {
        await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT' }] });
        await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'RESOLVE', data: { resolution: 'done' } }] });
      }
      const waiting = handles.filter((_, index) => !statuses[index]!.assignee);
      let served: TicketStatus[] = [];
      for (let round = 0; round < 300 && served.length < 6; round++) {
        served = (await Promise.all(waiting.map((handle) => handle.query(statusQuery)))).filter((status) => status.assignee);
        if (served.length < 6) await new Promise((wait) => setTimeout(wait, 100));
      }
      expect(served).to.have.length(6);
      const after = await directoryHandle.query(directoryViewQuery);
      expect(after.queued).to.deep.equal({ L1: 44 });
      expect(after.loads).to.deep.equal(CAPACITY);
      const servedTimeline = await env.client.workflow.getHandle(served[0]!.number).query(timelineQuery);
      expect(servedTimeline.some((entry) => entry.kind === 'assigned' && entry.reason === 'new ticket'), 'the queued owner is told why').to.equal(true);
      // Nobody got more open tickets than their capacity at any point: the directory's loads never exceeded it.
      const openOwners = (await Promise.all(handles.map((handle) => handle.query(statusQuery)))).filter((status) => status.kind !== 'final' && status.assignee).map((status) => status.assignee!);
      for (const [agent, capacity] of Object.entries(CAPACITY)) expect(openOwners.filter((owner) => owner === agent).length, agent).to.equal(capacity);
    });
  });

  it('warms the directory up when the worker starts, and decides picks sent in concurrent batches within capacity', async () => {
    const taskQueue = 'tq-warm';
    const directory = new DirectoryClient(env.client, burstConfig(), directoryTaskQueue(taskQueue));
    const worker = await createTicketWorker({
      connection: env.nativeConnection,
      taskQueue,
      tickets: { notify: async () => ({ delivered: [], skipped: [] }), pickAssignee: (request) => directory.pick(request), reportOwner: (report) => directory.report(report) },
      directory: { client: env.client },
    });
    await worker.runUntil(async () => {
      expect(await directory.warmUp(), 'the directory answered its empty batch').to.equal(true);
      const directoryHandle = env.client.workflow.getHandle(AGENT_DIRECTORY_ID);
      expect((await directoryHandle.describe()).status.name).to.equal('RUNNING');
      expect(await directoryHandle.query(directoryViewQuery)).to.deep.include({ loads: {}, queued: {} });
      // Twelve picks at once leave in more than one batch (two in flight); capacity is 10 in all.
      const picks = await Promise.all(Array.from({ length: 12 }, (_, i) => directory.pick({ requestId: `warm-${i}:1:L1`, ticket: `WARM-${i}`, tier: 'L1', fields: {}, exclude: [] })));
      const owners = picks.flatMap((pick) => (pick.agent ? [pick.agent] : []));
      expect(owners).to.have.length(10);
      for (const [agent, capacity] of Object.entries(CAPACITY)) expect(owners.filter((owner) => owner === agent), agent).to.have.length(capacity);
      expect(picks.filter((pick) => pick.queued)).to.have.length(2);
      expect((await directoryHandle.query(directoryViewQuery)).queued).to.deep.equal({ L1: 2 });
      expect(directory.stats()).to.match(/^[2-9]\d* batches/);
    });
  });

  it('frees a resolved ticket’s owner at once, while its last mails still wait for a mail server that is down', async () => {
    const taskQueue = 'tq-burst-outage';
    const recording = new RecordingActivities();
    const config = burstConfig();
    config.pools = { ...config.pools, L1: { strategy: 'round-robin', agents: [{ id: 'solo', name: 'Solo', email: 'solo@example.org', skills: [], capacity: 1 }] } };
    const directory = new DirectoryClient(env.client, config, directoryTaskQueue(taskQueue));
    let mailDown = false;
    const worker = await createTicketWorker({
      connection: env.nativeConnection,
      taskQueue,
      tickets: {
        async notify(request) {
          if (mailDown && request.kind === 'resolved') throw new Error('SMTP server down (connection refused)');
          return recording.notify(request);
        },
        pickAssignee: (request) => directory.pick(request),
        reportOwner: (report) => directory.report(report),
      },
      directory: { client: env.client },
    });
    const flow = flowFromYaml(ESCALATION_FLOW);
    await worker.runUntil(async () => {
      const first = await startTestTicket(env, taskQueue, flow, testTicket());
      await waitForStatus(first, (status) => status.assignee === 'solo', 'the only agent owns the first ticket');
      const second = await startTestTicket(env, taskQueue, flow, testTicket());
      await waitForTimeline(second, (entry) => entry.reason?.startsWith('waiting for an L1 owner') ?? false);
      mailDown = true;
      await first.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT' }] });
      await first.executeUpdate(sendEventUpdate, { args: [{ type: 'RESOLVE', data: { resolution: 'done' } }] });
      const served = await waitForStatus(second, (status) => status.assignee === 'solo', 'the waiting ticket gets the freed owner');
      expect(served.assignee).to.equal('solo');
      const described = await first.describe();
      expect(described.status.name, 'the resolved ticket still waits for its last mail').to.equal('RUNNING');
      mailDown = false;
      await first.result();
    });
  });

  it('never records an owner for a ticket that resolved while its pick was on the way, and frees that agent', async () => {
    const taskQueue = 'tq-burst-late-pick';
    const recording = new RecordingActivities();
    const directory = new DirectoryClient(env.client, burstConfig(), directoryTaskQueue(taskQueue));
    let slowL2 = true;
    const worker = await createTicketWorker({
      connection: env.nativeConnection,
      taskQueue,
      tickets: {
        notify: recording.notify.bind(recording),
        async pickAssignee(request) {
          if (request.tier === 'L2' && slowL2) {
            slowL2 = false;
            // Longer than the quick attempt: the durable retry answers after the ticket resolved.
            await new Promise((done) => setTimeout(done, 5_000));
          }
          return directory.pick(request);
        },
        reportOwner: (report) => directory.report(report),
      },
      directory: { client: env.client },
    });
    const flow = flowFromYaml(ESCALATION_FLOW);
    await worker.runUntil(async () => {
      const handle = await startTestTicket(env, taskQueue, flow, testTicket());
      await waitForStatus(handle, (status) => status.assignee !== undefined, 'an L1 owner');
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT' }] });
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ESCALATE', data: { reason: 'needs L2' } }] });
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'RESOLVE', data: { resolution: 'solved before L2 took it' } }] });
      // Polled, not awaited with result(): awaiting a result lets the test server skip time,
      // which would time out the pick's activity instead of letting it answer late.
      let final = await handle.query(statusQuery);
      for (let round = 0; round < 300 && (await handle.describe()).status.name === 'RUNNING'; round++) await new Promise((wait) => setTimeout(wait, 100));
      final = await env.client.workflow.getHandle(handle.workflowId).query(statusQuery);
      expect(final.state).to.equal('resolved');
      expect((await handle.describe()).status.name).to.equal('COMPLETED');
      const timeline = await env.client.workflow.getHandle(handle.workflowId).query(timelineQuery);
      const resolvedAt = timeline.find((entry) => entry.to === 'resolved')!.seq;
      expect(timeline.filter((entry) => entry.kind === 'assigned' && entry.seq > resolvedAt), 'an owner recorded after resolution').to.deep.equal([]);
      const view = await env.client.workflow.getHandle(AGENT_DIRECTORY_ID).query(directoryViewQuery);
      expect(view.loads, 'the closed ticket holds no agent').to.deep.equal({});
    });
  });
});

async function waitForTimeline(handle: { query: (query: typeof timelineQuery) => Promise<TimelineEntry[]> }, found: (entry: TimelineEntry) => boolean): Promise<void> {
  for (let round = 0; round < 200; round++) {
    if ((await handle.query(timelineQuery)).some(found)) return;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error('timed out waiting for a timeline entry');
}
