import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { TicketActivities } from '../activities/ticket-activities';

// Local activities run inside the workflow task, which holds the ticket's other messages back
// while they run: short attempts, on a lane that keeps them inside the task (see LocalLane).
/** Longest a quick (local) attempt may take. */
export const QUICK_MS = 3000;
/** Local work one workflow task may hold (see LocalLane). */
export const LOCAL_BUDGET_MS = 6000;
const QUICK = { scheduleToCloseTimeout: QUICK_MS, startToCloseTimeout: QUICK_MS, retry: { maximumAttempts: 1 } } as const;

/** The quick first tries, as local activities; a failure moves the work to the durable path. */
export const quick = proxyLocalActivities<TicketActivities>(QUICK);

/** Delivery may take long (a mail server down for hours); the ticket never waits for it. */
export const { deliverNotifications: deliverDurably } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '3 days',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Picking an owner reads the directory and the tickets' load; after a failed quick try, a regular activity that may retry for a while. */
export const { pickAssignee: pickDurably, reportOwner: reportDurably } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Archiving a closed ticket retries until the database is back, however long that takes; the
 * ticket is final already, only the workflow stays open until its record is written.
 */
export const { archiveClosedTicket: archiveDurably } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
