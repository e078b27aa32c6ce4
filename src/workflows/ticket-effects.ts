import { log, patched } from '@temporalio/workflow';
import type { PickAssigneeRequest, PickAssigneeResult } from '../activities/ticket-activities';
import type { ArchiveOutcome } from '../activities/archive-activities';
import type { OwnerReport } from '../assignment/directory-state';
import type { NotificationRequest } from '../notify/notification-request';
import type { ClosedTicketRecord } from '../ticket/closed-ticket-record';
import type { EngineEffect } from '../ticket/engine';
import { notificationRequest } from '../ticket/notification-request';
import { failureMessage } from './failure-message';
import { LocalLane } from './local-lane';
import { NotificationQueue } from './notification-queue';
import { archiveDurably, deliverDurably, LOCAL_BUDGET_MS, pickDurably, quick, QUICK_MS, reportDurably } from './ticket-activity-stubs';
import type { TicketContext } from './ticket-context';

/** Marks tickets that report their owner to the directory (see `reportOwner`). */
const OWNER_REPORTS_PATCH = 'owner-reports';
/** Runs from before it measured the local lane's budget in workflow time, which does not replay (local-lane.ts). */
const LANE_COUNTS_ATTEMPTS_PATCH = 'lane-counts-attempts';

type AssignEffect = Extract<EngineEffect, { kind: 'assign' }>;

/**
 * Performs the effects the engine returns, as activities: owner picks, owner reports to the
 * agent directory, notifications (in order, on their own queue, so an outage of a channel never
 * blocks the ticket or its SLA timers) and the archive record. Each step ends with `settle`
 * (search attributes and the wake timer).
 */
export class TicketEffects {
  private steps: Promise<void> = Promise.resolve();
  // Local activities are cheap (one history event, no extra workflow task) but must not overlap.
  private readonly lane: LocalLane;
  private readonly queue: NotificationQueue;
  // Owner picks on the durable path (the directory is slow or down); while one runs, later steps
  // queue behind it, and their handlers answer without waiting for it.
  private durablePicks = 0;

  constructor(
    private readonly context: TicketContext,
    /** Brings search attributes and the wake timer up to date after a step. */
    private readonly settle: () => void,
  ) {
    this.lane = new LocalLane(context.now, QUICK_MS, LOCAL_BUDGET_MS, () => patched(LANE_COUNTS_ATTEMPTS_PATCH));
    const deliver = (batch: NotificationRequest[]) => this.lane.run(() => quick.deliverNotifications(batch), () => deliverDurably(batch));
    this.queue = new NotificationQueue(deliver, (request, reason) => {
      this.queue.add(this.requestsOf(context.engine.notificationFailed(request.kind, request.audience, reason, context.now())));
      this.settle();
    });
  }

  /**
   * Performs one step's effects, in order with the steps before it: first the owner picks, then
   * the step's messages together with those the picks caused (the new owner's), then one settle
   * for the whole step. Resolves when the step is performed, or earlier, once a pick has to take
   * the durable path: an update then answers with the new state at once, and the owner follows
   * when the pick succeeds.
   */
  perform(list: EngineEffect[]): Promise<void> {
    // Messages describe the ticket as the step left it, so they are built now, sent after the picks.
    const requests = this.requestsOf(list);
    const picks = list.filter((effect): effect is AssignEffect => effect.kind === 'assign');
    let release!: () => void;
    const answered = new Promise<void>((done) => (release = done));
    const answerNow = (): void => {
      this.settle();
      release();
    };
    if (this.durablePicks > 0) answerNow();
    this.steps = this.steps.then(async () => {
      for (const effect of picks) {
        let caused: EngineEffect[];
        try {
          // Kept in this loop, not in an async helper: the order in which this code resumes,
          // relative to the ticket's handlers, is part of its recorded history.
          caused = this.recordPick(effect, await this.runPick(this.pickRequest(effect), answerNow));
        } catch (error) {
          // A failed pick must not break the ticket: it stays with its current owner and the team is told.
          caused = this.context.engine.assignmentFailed(effect.tier, failureMessage(error), this.context.now());
        }
        requests.push(...this.requestsOf(caused));
      }
      this.queue.add(requests);
      answerNow();
    });
    return answered;
  }

  /**
   * Tells the agent directory who owns the ticket (set by hand, or nobody once closed), so its
   * loads count open work only. In line with the steps, so the directory hears it in order.
   * Histories recorded before the directory kept loads itself have no such calls.
   */
  reportOwner(report: OwnerReport): void {
    if (!patched(OWNER_REPORTS_PATCH)) return;
    this.steps = this.steps.then(() =>
      this.lane
        .run(() => quick.reportOwner(report), () => reportDurably(report))
        .catch((error: unknown) => log.warn('owner report failed', { ticket: report.ticket, error: failureMessage(error) })),
    );
  }

  /** Resolves once every step so far is performed (its messages queued, not necessarily sent). */
  stepsPerformed(): Promise<void> {
    return this.steps;
  }

  /** Resolves once every queued message is delivered or given up. */
  notificationsDrained(): Promise<void> {
    return this.queue.drained();
  }

  /** Writes the closed ticket's record to the archive. */
  archive(record: ClosedTicketRecord): Promise<ArchiveOutcome> {
    return archiveDurably(record);
  }

  private requestsOf(list: EngineEffect[]): NotificationRequest[] {
    return list.flatMap((effect) => (effect.kind === 'notify' ? [notificationRequest(this.context.engine, effect, this.context.now())] : []));
  }

  /** What the directory is asked for one assign effect. */
  private pickRequest(effect: AssignEffect): PickAssigneeRequest {
    const status = this.context.engine.status(this.context.now());
    return {
      requestId: `${status.number}:${effect.seq}:${effect.tier}`,
      ticket: status.number,
      tier: effect.tier,
      fields: status.fields,
      exclude: effect.exclude,
      reason: effect.reason,
      ...(effect.skill ? { skill: effect.skill } : {}),
    };
  }

  /** A quick try, then (the directory is slow or down) the durable path, on which the step's handlers answer at once. */
  private runPick(request: PickAssigneeRequest, answerNow: () => void): Promise<PickAssigneeResult> {
    return this.lane.run(
      () => quick.pickAssignee(request),
      async () => {
        this.durablePicks += 1;
        answerNow();
        try {
          return await pickDurably(request);
        } finally {
          this.durablePicks -= 1;
        }
      },
    );
  }

  /** Records what a pick found; returns the effects that caused. */
  private recordPick(effect: AssignEffect, pick: PickAssigneeResult): EngineEffect[] {
    const { engine, now } = this.context;
    if (engine.isDone) {
      // The ticket closed while the pick was on its way: free the agent it was given.
      if (pick.agent) this.reportOwner({ ticket: this.context.number });
      return [];
    }
    if (pick.agent) return engine.recordAssignment(pick.agent, effect.tier, effect.reason, now());
    if (pick.queued) return engine.assignmentQueued(effect.tier, pick.why ?? 'nobody available', pick.alertTeam ?? false, now());
    return engine.assignmentFailed(effect.tier, pick.why ?? 'nobody available', now());
  }
}
