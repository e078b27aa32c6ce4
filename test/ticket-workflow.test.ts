import { expect } from 'chai';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { sendEventSignal, sendEventUpdate, statusQuery, timelineQuery } from '../src/workflows/ticket-messages';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { RecordingActivities } from './helpers/recording-activities';
import { createTicketTestEnv, startTestTicket, ticketTestWorker, waitForStatus } from './helpers/ticket-test-env';

describe('ticket workflow (time-skipping server)', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  const flow = flowFromYaml(ESCALATION_FLOW);

  before(async () => {
    env = await createTicketTestEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  it('drives a ticket L1 -> L2 -> L3 -> resolved through updates, returning each new state', async () => {
    const recording = new RecordingActivities();
    const worker = await ticketTestWorker(env, 'tq-drive', recording);
    await worker.runUntil(async () => {
      const handle = await startTestTicket(env, 'tq-drive', flow);
      const states: string[] = [];
      for (const event of [
        { type: 'ACCEPT' },
        { type: 'ESCALATE', data: { reason: 'server offline' } },
        { type: 'ESCALATE', data: { reason: 'DNS provider' } },
        { type: 'RESOLVE', data: { resolution: 'DNS record fixed' } },
      ]) {
        const status = await handle.executeUpdate(sendEventUpdate, { args: [{ ...event, actor: 'test' }] });
        states.push(`${status.state}/${status.tier ?? '-'}`);
        // An agent of the new tier takes over before the next step, as in a real desk.
        if (status.kind === 'working') await waitForStatus(handle, (now) => recording.picks.length >= 1 && now.assignee !== undefined && assigneeTier(recording, now.assignee) === status.tier, 'assignment');
      }
      expect(states).to.deep.equal(['l1_triage/L1', 'l2_diagnosis/L2', 'l3_provider/L3', 'resolved/L3']);
      const final = await handle.result();
      expect(final.state).to.equal('resolved');
      expect(final.slaStatus).to.equal('met');
      const customerMails = recording.kinds(handle.workflowId).filter((kind) => kind.endsWith('/customer'));
      expect(customerMails).to.deep.equal([
        'received/customer',
        'status_changed/customer',
        'escalated/customer',
        'reassigned/customer',
        'escalated/customer',
        'reassigned/customer',
        'resolved/customer',
      ]);
      expect(recording.picks.map((pick) => pick.tier)).to.deep.equal(['L1', 'L2', 'L3']);
      const timeline = await handle.query(timelineQuery);
      expect(timeline.filter((entry) => entry.kind === 'transition').map((entry) => entry.to)).to.deep.equal([
        'l1_triage',
        'l2_diagnosis',
        'l3_provider',
        'resolved',
      ]);
    });
  });

  it('refuses an event the state does not accept, or a bad payload, and writes nothing', async () => {
    const worker = await ticketTestWorker(env, 'tq-refuse', new RecordingActivities());
    await worker.runUntil(async () => {
      const handle = await startTestTicket(env, 'tq-refuse', flow);
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT' }] });
      await waitForStatus(handle, (status) => status.assignee !== undefined, 'assignment');
      const before = await handle.query(timelineQuery);
      const refusals: string[] = [];
      for (const event of [
        { type: 'CUSTOMER_REPLIED' },
        { type: 'ESCALATE' },
        { type: 'ESCALATE', data: { reason: 42 } },
        { type: 'FLY_TO_MOON' },
        { type: 'RESOLVE', data: { resolution: 'x', extra: true } },
      ]) {
        try {
          await handle.executeUpdate(sendEventUpdate, { args: [event] });
          refusals.push('accepted');
        } catch (error) {
          expect(error).to.be.instanceOf(WorkflowUpdateFailedError);
          refusals.push((error as WorkflowUpdateFailedError).cause?.message ?? '');
        }
      }
      expect(refusals).to.deep.equal([
        "CUSTOMER_REPLIED is not accepted in state 'l1_triage'; allowed now: RESOLVE, ASK_CUSTOMER, ESCALATE, VERIFIED",
        "ESCALATE refused: field 'reason' is required for ESCALATE",
        "ESCALATE refused: field 'reason' must be text, got 42",
        "unknown event 'FLY_TO_MOON' for flow 'escalation-test'; allowed now: RESOLVE, ASK_CUSTOMER, ESCALATE, VERIFIED",
        "RESOLVE refused: field 'extra' is not declared for RESOLVE (declared: resolution)",
      ]);
      expect(await handle.query(timelineQuery)).to.deep.equal(before);
      expect((await handle.query(statusQuery)).state).to.equal('l1_triage');
      // A guard that does not hold is refused too, and changes nothing.
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'VERIFIED', data: { verified: false } }] }).then(
        () => expect.fail('VERIFIED with verified=false must be refused'),
        (error: WorkflowUpdateFailedError) => expect(error.cause?.message).to.match(/no condition of its transitions holds/),
      );
      await handle.terminate();
    });
  });

  it('accepts events as signals too, ignoring bad ones', async () => {
    const worker = await ticketTestWorker(env, 'tq-signal', new RecordingActivities());
    await worker.runUntil(async () => {
      const handle = await startTestTicket(env, 'tq-signal', flow);
      await handle.signal(sendEventSignal, { type: 'NOPE' });
      await handle.signal(sendEventSignal, { type: 'ACCEPT', actor: 'email-intake' });
      await handle.signal(sendEventSignal, { type: 'VERIFIED', data: { verified: true } });
      const final = await handle.result();
      expect(final.state).to.equal('resolved');
      const timeline = await handle.query(timelineQuery);
      expect(timeline.filter((entry) => entry.kind === 'transition').map((entry) => entry.event)).to.deep.equal(['ACCEPT', 'VERIFIED']);
    });
  });
});

function assigneeTier(recording: RecordingActivities, agent: string): string | undefined {
  return Object.entries(recording.agents).find(([, agents]) => agents.includes(agent))?.[0];
}
