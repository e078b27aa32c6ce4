import { expect } from 'chai';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { changePriorityUpdate, sendEventUpdate, statusQuery, timelineQuery } from '../src/workflows/ticket-messages';
import type { TimelineEntry } from '../src/ticket/types';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { RecordingActivities } from './helpers/recording-activities';
import { createTicketTestEnv, startTestTicket, ticketTestWorker } from './helpers/ticket-test-env';

const MINUTE = 60_000;

describe('SLA timers in the ticket workflow (time-skipping server)', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  const flow = flowFromYaml(ESCALATION_FLOW);

  before(async () => {
    env = await createTicketTestEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  /** Opens a ticket, accepts it, and returns the instant the L1 clock started. */
  async function acceptedTicket(taskQueue: string, priority = 'P2'): Promise<{ handle: WorkflowHandle; t0: number }> {
    const handle = await startTestTicket(env, taskQueue, flow, undefined, {}, undefined);
    if (priority !== 'P2') await handle.executeUpdate(changePriorityUpdate, { args: [{ priority }] });
    await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ACCEPT' }] });
    const timeline = await handle.query(timelineQuery);
    return { handle, t0: Date.parse(timeline.find((entry) => entry.event === 'ACCEPT')!.at) };
  }

  const slaEntries = (timeline: TimelineEntry[]) => timeline.filter((entry) => entry.kind.startsWith('sla_'));
  const at = (entry: TimelineEntry | undefined) => (entry ? Date.parse(entry.at) : undefined);

  it('fires the warning and the breach at the computed instants, not before, and a breach at L1 escalates to L2', async () => {
    const recording = new RecordingActivities();
    const worker = await ticketTestWorker(env, 'tq-sla-breach', recording);
    await worker.runUntil(async () => {
      const { handle, t0 } = await acceptedTicket('tq-sla-breach');
      await env.sleep(29 * MINUTE);
      expect(slaEntries(await handle.query(timelineQuery))).to.deep.equal([]);
      await env.sleep(2 * MINUTE);
      const warned = slaEntries(await handle.query(timelineQuery));
      expect(warned.map((entry) => entry.kind)).to.deep.equal(['sla_warning']);
      expect(at(warned[0])).to.equal(t0 + 30 * MINUTE);
      await env.sleep(28 * MINUTE - 1000);
      expect((await handle.query(statusQuery)).state).to.equal('l1_triage');
      await env.sleep(2 * MINUTE);
      const status = await handle.query(statusQuery);
      expect(status.state).to.equal('l2_diagnosis');
      expect(status.tier).to.equal('L2');
      const timeline = await handle.query(timelineQuery);
      const breach = timeline.find((entry) => entry.kind === 'sla_breached');
      expect(at(breach)).to.equal(t0 + 60 * MINUTE);
      const escalation = timeline.find((entry) => entry.kind === 'transition' && entry.event === 'sla.breach');
      expect(escalation).to.include({ from: 'l1_triage', to: 'l2_diagnosis', actor: 'sla' });
      expect(at(escalation)).to.equal(t0 + 60 * MINUTE);
      expect(recording.kinds(handle.workflowId)).to.include.members(['sla_warning/team', 'sla_breached/team', 'sla_breached/escalation_manager', 'escalated/customer']);
      await handle.terminate();
    });
  });

  it('a breach at L2 escalates to L3, and a breach at L3 tells the escalation manager', async () => {
    const recording = new RecordingActivities();
    const worker = await ticketTestWorker(env, 'tq-sla-l3', recording);
    await worker.runUntil(async () => {
      const { handle, t0 } = await acceptedTicket('tq-sla-l3');
      await env.sleep(60 * MINUTE + 1000);
      expect((await handle.query(statusQuery)).state).to.equal('l2_diagnosis');
      await env.sleep(4 * 60 * MINUTE);
      const status = await handle.query(statusQuery);
      expect(status.state).to.equal('l3_provider');
      const timeline = await handle.query(timelineQuery);
      expect(at(timeline.find((entry) => entry.to === 'l3_provider'))).to.equal(t0 + 5 * 60 * MINUTE);
      await env.sleep(8 * 60 * MINUTE);
      const after = await handle.query(statusQuery);
      expect(after.state).to.equal('l3_provider');
      const l3Breach = (await handle.query(timelineQuery)).filter((entry) => entry.kind === 'sla_breached' && entry.clock === 'l3_provider');
      expect(l3Breach.map(at)).to.deep.equal([t0 + 13 * 60 * MINUTE]);
      expect(recording.notifications.filter((request) => request.kind === 'sla_breached' && request.audience === 'escalation_manager').length).to.be.greaterThanOrEqual(3);
      await handle.terminate();
    });
  });

  it('a waiting state delays the breach by exactly the paused time', async () => {
    const worker = await ticketTestWorker(env, 'tq-sla-wait', new RecordingActivities());
    await worker.runUntil(async () => {
      const { handle, t0 } = await acceptedTicket('tq-sla-wait');
      await env.sleep(20 * MINUTE);
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'ASK_CUSTOMER' }] });
      expect((await handle.query(statusQuery)).slaStatus).to.equal('paused');
      await env.sleep(120 * MINUTE);
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'CUSTOMER_REPLIED' }] });
      const timeline = await handle.query(timelineQuery);
      const asked = at(timeline.find((entry) => entry.event === 'ASK_CUSTOMER'))!;
      const replied = at(timeline.find((entry) => entry.event === 'CUSTOMER_REPLIED'))!;
      const paused = replied - asked;
      const clock = (await handle.query(statusQuery)).clocks.find((view) => view.id === 'l1_triage')!;
      expect(Date.parse(clock.dueAt!)).to.equal(t0 + 60 * MINUTE + paused);
      await env.sleep(t0 + 60 * MINUTE + paused - Date.parse((await handle.query(timelineQuery)).at(-1)!.at) - 1000);
      expect((await handle.query(statusQuery)).state).to.equal('l1_triage');
      await env.sleep(2 * MINUTE);
      const breach = (await handle.query(timelineQuery)).find((entry) => entry.kind === 'sla_breached');
      expect(at(breach)).to.equal(t0 + 60 * MINUTE + paused);
      await handle.terminate();
    });
  });

  it('a ticket resolved before its deadline records the SLA as met and no timer fires afterwards', async () => {
    const worker = await ticketTestWorker(env, 'tq-sla-met', new RecordingActivities());
    await worker.runUntil(async () => {
      const { handle } = await acceptedTicket('tq-sla-met');
      await env.sleep(10 * MINUTE);
      await handle.executeUpdate(sendEventUpdate, { args: [{ type: 'RESOLVE', data: { resolution: 'password reset link sent' } }] });
      const final = await handle.result();
      expect(final.slaStatus).to.equal('met');
      expect(final.clocks.every((clock: { status: string }) => clock.status === 'met')).to.equal(true);
      const history = await handle.fetchHistory();
      const fired = history.events?.filter((event) => event.timerFiredEventAttributes) ?? [];
      expect(fired).to.have.length(0);
      expect(slaEntries(await handle.query(timelineQuery))).to.deep.equal([]);
    });
  });

  it('a priority change recomputes the deadline from the time already spent', async () => {
    const worker = await ticketTestWorker(env, 'tq-sla-prio', new RecordingActivities());
    await worker.runUntil(async () => {
      const { handle, t0 } = await acceptedTicket('tq-sla-prio');
      await env.sleep(10 * MINUTE);
      const status = await handle.executeUpdate(changePriorityUpdate, { args: [{ priority: 'P1' }] });
      expect(Date.parse(status.clocks.find((clock) => clock.id === 'l1_triage')!.dueAt!)).to.equal(t0 + 30 * MINUTE);
      await env.sleep(21 * MINUTE);
      const breach = (await handle.query(timelineQuery)).find((entry) => entry.kind === 'sla_breached');
      expect(at(breach)).to.equal(t0 + 30 * MINUTE);
      await handle.terminate();
    });
  });
});
