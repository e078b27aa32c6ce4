import { ApplicationFailure } from '@temporalio/common';
import type { OwnerReport } from '../assignment/directory-state';
import type { NotificationRequest, NotificationResult } from '../notify/notification-request';

/** What `pickAssignee` is asked. */
export interface PickAssigneeRequest {
  /** Names this pick (ticket and step): a retried pick gets the same answer. */
  requestId?: string;
  ticket: string;
  tier: 'L1' | 'L2' | 'L3';
  skill?: string;
  fields: Record<string, unknown>;
  exclude: string[];
  /** Why the ticket needs an owner (new ticket, escalation, absence…), told to the owner a queue assigns later. */
  reason?: string;
}

/** Who was picked, or why nobody could be. */
export interface PickAssigneeResult {
  agent?: string;
  why?: string;
  /** Nobody is free now: the ticket waits in the tier's queue and gets an owner as soon as one is free. */
  queued?: boolean;
  /** The first ticket of a queue: the team hears about it once, not once per waiting ticket. */
  alertTeam?: boolean;
}

/** What became of one notification of a batch: delivered (no `failed`), or refused for good and why. */
export interface NotificationOutcome {
  idempotencyKey: string;
  failed?: string;
}

/** The dependencies the ticket activities are built from, so tests can hand in real or recording ones. */
export interface TicketActivityDeps {
  notify(request: NotificationRequest): Promise<NotificationResult>;
  pickAssignee(request: PickAssigneeRequest): Promise<PickAssigneeResult>;
  /** Tells the directory who owns a ticket now: set by hand, or nobody once it closed (its load is freed). */
  reportOwner(report: OwnerReport): Promise<void>;
}

/** A failure that retrying will not mend: a refused address, a broken template, a malformed request. */
function isPermanent(error: unknown): error is ApplicationFailure {
  return error instanceof ApplicationFailure && error.nonRetryable === true;
}

/** Builds the activities a ticket workflow calls. Activities are the only place with I/O. */
export function createTicketActivities(deps: TicketActivityDeps) {
  // A delivery of the same message already running in this process (a timed-out local attempt
  // whose send is still on the wire): wait for it, so the outbox answers before sending again.
  const inFlight = new Map<string, Promise<unknown>>();
  const deliverOnce = async (request: NotificationRequest): Promise<NotificationResult> => {
    const key = request.idempotencyKey;
    const earlier = inFlight.get(key);
    if (earlier) await earlier.catch(() => undefined);
    const attempt = deps.notify(request);
    inFlight.set(key, attempt);
    try {
      return await attempt;
    } finally {
      if (inFlight.get(key) === attempt) inFlight.delete(key);
    }
  };
  return {
    /**
     * Delivers a batch of notifications in order (one step's messages, or everything that queued
     * up behind a slow channel). A permanent refusal is reported per message and the batch goes
     * on; a transient failure stops the batch and fails the activity so it is retried, and the
     * retry skips what the outbox already delivered, keeping the messages in order.
     */
    async deliverNotifications(batch: NotificationRequest[]): Promise<NotificationOutcome[]> {
      const outcomes: NotificationOutcome[] = [];
      for (const request of batch) {
        try {
          await deliverOnce(request);
          outcomes.push({ idempotencyKey: request.idempotencyKey });
        } catch (error) {
          if (!isPermanent(error)) throw error;
          outcomes.push({ idempotencyKey: request.idempotencyKey, failed: error.message });
        }
      }
      return outcomes;
    },
    /** Picks an agent of the tier's pool who is present and has capacity, or queues the ticket. */
    async pickAssignee(request: PickAssigneeRequest): Promise<PickAssigneeResult> {
      return deps.pickAssignee(request);
    },
    /** Reports a ticket's owner to the directory. */
    async reportOwner(report: OwnerReport): Promise<void> {
      return deps.reportOwner(report);
    },
  };
}

/** The activity interface the workflow proxies. */
export type TicketActivities = ReturnType<typeof createTicketActivities>;
