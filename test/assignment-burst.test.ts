import { expect } from 'chai';
import { resolve } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DirectoryClient } from '../src/assignment/directory-client';
import { loadConfig } from '../src/config';
import type { SopflowConfig } from '../src/config/schema';
import { createTicketWorker } from '../src/runtime/ticket-worker';
import { directoryTaskQueue } from '../src/runtime/task-queue';
import type { TicketStatus } from '../src/ticket/types';
import { AGENT_DIRECTORY_ID, directoryViewQuery } from '../src/workflows/agent-directory-messages';
import { sendEventUpdate, statusQuery, timelineQuery } from '../src/workflows/ticket-messages';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { RecordingActivities } from './helpers/recording-activities';
import { createTicketTestEnv, startTestTicket, testTicket } from './helpers/ticket-test-env';

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
});
