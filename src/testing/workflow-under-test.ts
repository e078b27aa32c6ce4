import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import type { FlowDefinition } from '../flow/definition';
import type { BusinessCalendar } from '../sla/business-calendar';
import type { TicketEventInput, TicketInfo, TicketStatus, TimelineEntry } from '../ticket/types';
import { sendEventUpdate, statusQuery, timelineQuery } from '../workflows/ticket-messages';
import type { ticketWorkflow } from '../workflows/ticket-workflow';
import { observationDifferences, observationOf, ownerChangesIn } from './observation';
import type { Observation } from './observation';
import type { ClockLane } from './shared-clock';
import type { TicketUnderTest } from './ticket-under-test';
import type { WorkflowSession } from './workflow-session';

/** Called with a ticket's closed history, to keep it for replay tests. */
export type HistoryRecorder = (workflowId: string, history: History) => Promise<void> | void;

/** Poll interval while waiting for a workflow to catch up with the model. */
const POLL_MS = 10;

/**
 * The workflow side of a double run: a real ticket workflow on the session's time-skipping
 * server. Events are updates; time steps wait on the session's shared clock; what a step
 * caused is read from the session's recording activities, attributed to the step by waiting
 * until the workflow's asynchronous notification and assignment chains have caught up.
 */
export class WorkflowUnderTest implements TicketUnderTest {
  readonly side = 'workflow' as const;
  private handle: WorkflowHandle<typeof ticketWorkflow> | undefined;
  private seenNotifications = 0;
  private seenPicks = 0;
  private seenTimeline = 0;
  private lastStatus: TicketStatus | undefined;
  private pendingStatus: TicketStatus | undefined;
  private closed = false;
  private lane: ClockLane | undefined;

  constructor(
    private readonly session: WorkflowSession,
    private readonly flow: FlowDefinition,
    private readonly calendar: BusinessCalendar,
    private readonly info: TicketInfo,
    private readonly record?: HistoryRecorder,
  ) {}

  async open(): Promise<number> {
    this.lane = await this.session.clock.enter();
    this.handle = await this.session.env.client.workflow.start<typeof ticketWorkflow>('ticketWorkflow', {
      workflowId: this.info.number,
      taskQueue: this.session.taskQueue,
      args: [{ flow: this.flow, calendar: this.calendar, ticket: this.info }],
    });
    const created = await this.poll(async () => (await this.started().query(timelineQuery)).find((entry) => entry.kind === 'created'));
    return Date.parse(created.at);
  }

  async send(event: TicketEventInput): Promise<{ at: number; refusal?: string }> {
    const handle = this.started();
    try {
      this.pendingStatus = await handle.executeUpdate(sendEventUpdate, { args: [event] });
    } catch (error) {
      if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      const cause = error.cause instanceof Error ? error.cause.message : error.message;
      return { at: await this.session.env.currentTimeMs(), refusal: cause };
    }
    // The model applies the event at the very instant the workflow did, so both compute the same due dates.
    const timeline = await handle.query(timelineQuery);
    const entry = timeline.filter((candidate) => candidate.kind === 'transition' && candidate.event === event.type).at(-1);
    return { at: entry ? Date.parse(entry.at) : await this.session.env.currentTimeMs() };
  }

  async advanceTo(at: number): Promise<void> {
    await this.session.clock.sleepUntil(this.joined(), at);
  }

  quietUntil(horizon: () => number): void {
    this.session.clock.quiet(this.joined(), horizon());
  }

  async observe(expected: Observation, refused: boolean): Promise<Observation> {
    const deadline = Date.now() + this.session.settleMs;
    // An accepted update returned the status right after the step; only a stale one is queried again.
    let status = this.pendingStatus ?? (await this.started().query(statusQuery));
    this.pendingStatus = undefined;
    for (;;) {
      this.lastStatus = status;
      const notifications = this.session.activities.notificationsOf(this.info.number).slice(this.seenNotifications);
      const picks = this.session.activities.picksOf(this.info.number).slice(this.seenPicks);
      // Owner changes are read from the timeline, where the workflow records why the ticket changed hands.
      const timeline = await this.started().query(timelineQuery);
      const assigned = ownerChangesIn(timeline.slice(this.seenTimeline));
      const actual = observationOf(status, refused, { notifications, assignments: picks, assigned });
      const differences = observationDifferences(expected, actual);
      const caughtUp = notifications.length >= expected.notifications.length && picks.length >= expected.assignments.length && assigned.length >= expected.assigned.length;
      const sameStatus = differences.every((difference) => difference.startsWith('notifications') || difference.startsWith('assignments') || difference.startsWith('owner changes'));
      if (differences.length === 0 || (caughtUp && sameStatus) || Date.now() > deadline) {
        this.seenNotifications += notifications.length;
        this.seenPicks += picks.length;
        this.seenTimeline = timeline.length;
        return actual;
      }
      await delay(POLL_MS);
      // Notifications and assignments are recorded in this process; the status is asked again only while it lags.
      if (!sameStatus) status = await this.started().query(statusQuery);
    }
  }

  async leftovers(): Promise<{ notifications: string[]; assignments: string[] }> {
    // Once the workflow is closed (by itself, or terminated when idle) nothing more can arrive.
    await this.end();
    return {
      notifications: this.session.activities.notificationsOf(this.info.number).slice(this.seenNotifications),
      assignments: this.session.activities.picksOf(this.info.number).slice(this.seenPicks),
    };
  }

  async timeline(): Promise<TimelineEntry[]> {
    return this.handle ? this.handle.query(timelineQuery) : [];
  }

  async close(): Promise<void> {
    try {
      await this.end();
      if (this.record && this.handle) await this.record(this.handle.workflowId, await this.handle.fetchHistory());
    } finally {
      this.session.activities.forget(this.info.number);
    }
  }

  /**
   * Lets a finished ticket's workflow complete, or terminates an open one once it is idle, then
   * gives up the ticket's place at the shared clock (also when the ticket never started).
   */
  private async end(): Promise<void> {
    try {
      const handle = this.handle;
      if (!handle || this.closed) return;
      if (this.lastStatus?.kind === 'final') await this.untilClosed().catch(() => undefined);
      if (!this.closed && (await handle.describe()).status.name === 'RUNNING') {
        // The time-skipping server leaks its time lock when a workflow is terminated with an
        // activity or workflow task in flight (every later skip then hangs), so end it only when idle.
        // Time is held still meanwhile, so an idle ticket stays idle.
        await this.poll(async () => (idle(await handle.fetchHistory()) ? true : undefined));
        await handle.terminate('model-based test path finished');
      }
      this.closed = true;
    } finally {
      if (this.lane) this.session.clock.leave(this.lane);
      this.lane = undefined;
    }
  }

  private joined(): ClockLane {
    if (!this.lane) throw new Error('workflow not started');
    return this.lane;
  }

  /** Waits until the workflow has closed (completed, failed, terminated). */
  private async untilClosed(): Promise<void> {
    const handle = this.started();
    if (this.closed) return;
    await this.poll(async () => ((await handle.describe()).status.name === 'RUNNING' ? undefined : true));
    this.closed = true;
  }

  private started(): WorkflowHandle<typeof ticketWorkflow> {
    if (!this.handle) throw new Error('workflow not started');
    return this.handle;
  }

  /** Retries `read` until it yields a value; the first query can come before the first workflow task ran. */
  private async poll<T>(read: () => Promise<T | undefined>, timeoutMs = this.session.settleMs): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const value = await read();
        if (value !== undefined) return value;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) throw lastError instanceof Error ? lastError : new Error('timed out waiting for the workflow');
      await delay(POLL_MS);
    }
  }
}

/** True when a history has no activity and no workflow task in flight. */
function idle(history: History): boolean {
  let activities = 0;
  let tasks = 0;
  for (const event of history.events ?? []) {
    if (event.activityTaskScheduledEventAttributes) activities += 1;
    if (event.activityTaskCompletedEventAttributes || event.activityTaskFailedEventAttributes || event.activityTaskTimedOutEventAttributes || event.activityTaskCanceledEventAttributes) activities -= 1;
    if (event.workflowTaskScheduledEventAttributes) tasks += 1;
    if (event.workflowTaskCompletedEventAttributes || event.workflowTaskFailedEventAttributes || event.workflowTaskTimedOutEventAttributes) tasks -= 1;
  }
  return activities === 0 && tasks === 0;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
