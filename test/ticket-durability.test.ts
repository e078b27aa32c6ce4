import { expect } from 'chai';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sendEventUpdate, statusQuery, timelineQuery } from '../src/workflows/ticket-messages';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { RecordingActivities } from './helpers/recording-activities';
import { createTicketTestEnv, startTestTicket, ticketTestWorker, waitForStatus } from './helpers/ticket-test-env';

describe('long-lived and versioned tickets (time-skipping server)', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;

  before(async () => {
    env = await createTicketTestEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  it('continues as new carrying state, clocks and timeline; clients see one ticket throughout', async () => {
    const flow = flowFromYaml(ESCALATION_FLOW);
    const worker = await ticketTestWorker(env, 'tq-can', new RecordingActivities());
    await worker.runUntil(async () => {
      const handle = await startTestTicket(env, 'tq-can', flow, undefined, { continueAsNewAfter: 2 });
      const firstRun = (await handle.describe()).runId;
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT' }] });
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ASK_CUSTOMER' }] });
      await waitForStatus(handle, () => true, 'status');
      await env.sleep('30 minutes');
      const status = await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'CUSTOMER_REPLIED' }] });
      expect(status.state).to.equal('l1_triage');
      const laterRun = (await handle.describe()).runId;
      expect(laterRun, 'a new run carries the ticket on').to.not.equal(firstRun);
      const timeline = await handle.query(timelineQuery);
      expect(timeline.filter((entry) => entry.kind === 'transition').map((entry) => entry.event)).to.deep.equal(['ACCEPT', 'ASK_CUSTOMER', 'CUSTOMER_REPLIED']);
      expect(timeline.map((entry) => entry.seq)).to.deep.equal(timeline.map((_, index) => index + 1));
      // The L1 clock kept its paused interval across runs: due = accepted + 1h + the 30 minutes waited.
      const accepted = Date.parse(timeline.find((entry) => entry.event === 'ACCEPT')!.at);
      const asked = Date.parse(timeline.find((entry) => entry.event === 'ASK_CUSTOMER')!.at);
      const replied = Date.parse(timeline.find((entry) => entry.event === 'CUSTOMER_REPLIED')!.at);
      const clock = (await handle.query(statusQuery)).clocks.find((view) => view.id === 'l1_triage')!;
      expect(Date.parse(clock.dueAt!)).to.equal(accepted + 3_600_000 + (replied - asked));
      const resolved = await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'RESOLVE', data: { resolution: 'ok' } }] });
      expect(resolved.state).to.equal('resolved');
      expect((await handle.result()).state).to.equal('resolved');
    });
  });

  it('a running ticket keeps the flow version it started with; only new tickets get the new version', async () => {
    const v1 = flowFromYaml(ESCALATION_FLOW, 'hash-v1');
    // Version 2 of the same flow: ESCALATE from L1 now goes to a new L2 triage state.
    const v2 = flowFromYaml(
      ESCALATION_FLOW.replace('version: 1', 'version: 2')
        .replace('      ESCALATE: l2_diagnosis\n', '      ESCALATE: l2_triage\n')
        .replace('  l3_provider:', '  l2_triage:\n    tier: L2\n    sla: { due: 1h }\n    on: { RESOLVE: resolved, ESCALATE: l3_provider }\n  l3_provider:'),
      'hash-v2',
    );
    const worker = await ticketTestWorker(env, 'tq-version', new RecordingActivities());
    await worker.runUntil(async () => {
      const old = await startTestTicket(env, 'tq-version', v1);
      await old.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT' }] });
      const fresh = await startTestTicket(env, 'tq-version', v2);
      await fresh.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT' }] });
      const oldNext = await old.executeUpdate(sendEventUpdate, { args: [{ type: 'ESCALATE', data: { reason: 'x' } }] });
      const freshNext = await fresh.executeUpdate(sendEventUpdate, { args: [{ type: 'ESCALATE', data: { reason: 'x' } }] });
      expect([oldNext.state, oldNext.flow.version, oldNext.flow.hash]).to.deep.equal(['l2_diagnosis', 1, 'hash-v1']);
      expect([freshNext.state, freshNext.flow.version, freshNext.flow.hash]).to.deep.equal(['l2_triage', 2, 'hash-v2']);
      await old.terminate();
      await fresh.terminate();
    });
  });
});
