import { expect } from 'chai';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { NotificationRequest, NotificationResult } from '../src/notify/notification-request';
import { ticketWorkflowBundle } from '../src/runtime/workflow-bundle';
import { sendEventUpdate, timelineQuery } from '../src/workflows/ticket-messages';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { RecordingActivities } from './helpers/recording-activities';
import { createTicketTestEnv, startTestTicket, testTicket, ticketTestWorker, waitForStatus } from './helpers/ticket-test-env';

/**
 * A slow mail server makes the quick (local) delivery attempt time out while events keep
 * arriving. The ticket's history must still replay: a worker that restarts and rebuilds the
 * ticket from its history must issue the same commands in the same order. (A first version
 * let the local attempt outlive the workflow task, and replay then ordered an update's
 * completion and the fallback activity differently.)
 */
describe('a slow mail server or agent directory while events arrive (time-skipping server)', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  const flow = flowFromYaml(ESCALATION_FLOW);

  before(async () => {
    env = await createTicketTestEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  it('falls back to the durable delivery, sends every message once, and the history replays', async () => {
    const recording = new RecordingActivities();
    const slowOnce = new Set<string>();
    const sent: string[] = [];
    const deps = {
      pickAssignee: recording.pickAssignee.bind(recording),
      reportOwner: recording.reportOwner.bind(recording),
      // The first attempt of the first two messages hangs longer than any quick attempt may take.
      async notify(request: NotificationRequest): Promise<NotificationResult> {
        if (sent.length + slowOnce.size < 2 && !slowOnce.has(request.idempotencyKey)) {
          slowOnce.add(request.idempotencyKey);
          await new Promise((done) => setTimeout(done, 12_000));
          return { delivered: [], skipped: [{ channel: 'slow', recipient: request.audience, why: 'timed out before' }] };
        }
        sent.push(request.idempotencyKey);
        return { delivered: [{ channel: 'recorded', recipient: request.audience }], skipped: [] };
      },
    };
    const worker = await ticketTestWorker(env, 'tq-slow-channel', deps);
    const ticket = testTicket();
    const history = await worker.runUntil(async () => {
      const handle = await startTestTicket(env, 'tq-slow-channel', flow, ticket);
      await new Promise((done) => setTimeout(done, 1000));
      const accepted = await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT' }] });
      expect(accepted.state).to.equal('l1_triage');
      const escalated = await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ESCALATE', data: { reason: 'slow' } }] });
      expect(escalated.state).to.equal('l2_diagnosis');
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'RESOLVE', data: { resolution: 'done' } }] });
      const closed = await handle.result();
      expect(closed.state, 'the ticket closes while its first mail is still slow').to.equal('resolved');
      return handle.fetchHistory();
    });
    expect(new Set(sent).size, 'no message twice').to.equal(sent.length);
    expect(sent.some((key) => key.endsWith(':received:customer')), 'the slow first mail still went out').to.equal(true);
    await Worker.runReplayHistory({ workflowBundle: await ticketWorkflowBundle(), replayName: 'slow-channel' }, history, ticket.number);
  });

  it('with a slow agent directory, an escalation answers at once and the new owner follows; the history replays', async () => {
    const recording = new RecordingActivities();
    let slowL2 = 2; // the quick attempt and the first durable attempt of the L2 pick are slow
    const deps = {
      notify: recording.notify.bind(recording),
      reportOwner: recording.reportOwner.bind(recording),
      async pickAssignee(request: Parameters<RecordingActivities['pickAssignee']>[0]) {
        if (request.tier === 'L2' && slowL2 > 0) {
          slowL2 -= 1;
          await new Promise((done) => setTimeout(done, 8_000));
        }
        return recording.pickAssignee(request);
      },
    };
    const worker = await ticketTestWorker(env, 'tq-slow-directory', deps);
    const ticket = testTicket();
    const history = await worker.runUntil(async () => {
      const handle = await startTestTicket(env, 'tq-slow-directory', flow, ticket);
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT' }] });
      const began = Date.now();
      const escalated = await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ESCALATE', data: { reason: 'slow directory' } }] });
      const answeredMs = Date.now() - began;
      expect(escalated.state).to.equal('l2_diagnosis');
      expect(answeredMs, 'the update does not wait for the durable pick (3 s quick attempt + 8 s)').to.be.lessThan(6_000);
      expect(escalated.assignee ?? 'nobody', 'the answer came before the L2 owner').not.to.be.oneOf(['clara', 'dirk']);
      const owned = await waitForStatus(handle, (status) => status.assignee !== undefined && ['clara', 'dirk'].includes(status.assignee), 'the L2 owner', 30_000);
      const handedOver = (await handle.query(timelineQuery)).filter((entry) => entry.kind === 'assigned').at(-1);
      expect(handedOver).to.deep.include({ agent: owned.assignee, reason: 'escalation' });
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'RESOLVE', data: { resolution: 'done' } }] });
      await handle.result();
      return handle.fetchHistory();
    });
    expect(recording.kinds(ticket.number).filter((kind) => kind === 'assigned/assignee')).to.have.length(2);
    await Worker.runReplayHistory({ workflowBundle: await ticketWorkflowBundle(), replayName: 'slow-directory' }, history, ticket.number);
  });
});
