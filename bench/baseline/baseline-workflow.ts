import {
  allHandlersFinished,
  CancellationScope,
  condition,
  defineQuery,
  defineUpdate,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';

/*
 * The baseline of `npm run bench -- tickets`: the same ticket job as bench/fixtures/bench-flow.yaml,
 * written by hand the way a Temporal user would, with no flow engine, no XState, no business
 * calendar and no search attributes. Exactly what it does:
 *
 * - States s0..s5 are a hard-coded list; event E<n> moves the ticket from s<n-1> to s<n>.
 * - One update, `baselineEvent`, per event. Its synchronous validator refuses (nothing changes)
 *   an event after the ticket is done, an event other than the next one in the chain, and an
 *   event without a non-empty text `note` (the bench flow's required field). The handler records
 *   the event in an in-memory timeline (type, from, to, workflow time, payload), moves to the
 *   next state, queues one notification and returns the new state at once; it does not wait for
 *   the notification.
 * - One `notify` activity per state entered, including the initial state: `received` for s0,
 *   `status_changed` for s1..s4 and `resolved` for s5, i.e. 6 per ticket, in order on one chain
 *   (as sopflow's customer mails). sopflow additionally picks an assignee once per tier (3 picks)
 *   and notifies each new assignee (3 more messages): work the baseline does not do. sopflow
 *   sends a step's messages as one batch, first as a local activity.
 * - One durable resolution timer (4 h for P1, 8 h for P2, wall-clock, like the flow's
 *   `sla.resolution` on 24x7), started when the ticket opens and cancelled when it is resolved; if
 *   it ever fired, it would record the breach and send one `sla_breached` notification. sopflow
 *   instead keeps one timer for the earliest due instant of all clocks, which also covers each
 *   state's own due date; it replaces it only when that instant moves earlier.
 * - After the 5th event (state s5) the workflow cancels the timer, waits for the update handler
 *   to finish and for the queued notifications, and completes with the final state.
 */

/** An event as the bench sends it. */
export interface BaselineEvent {
  type: string;
  data?: Record<string, unknown>;
}

/** The ticket the baseline works. */
export interface BaselineTicket {
  number: string;
  subject: string;
  priority: 'P1' | 'P2';
  customerEmail: string;
}

/** What the `notify` activity is asked to send. */
export interface BaselineNotification {
  ticket: string;
  to: string;
  kind: 'received' | 'status_changed' | 'resolved' | 'sla_breached';
  state: string;
}

/** The baseline's only activity. */
export interface BaselineActivities {
  notify(notification: BaselineNotification): Promise<void>;
}

/** The ticket's state after an event, and at the end. */
export interface BaselineStatus {
  state: string;
  events: number;
  breached: boolean;
}

interface TimelineEntry {
  type: string;
  from: string;
  to: string;
  at: number;
  data?: Record<string, unknown>;
}

/** Sends the next event; returns the ticket's new state. */
export const baselineEventUpdate = defineUpdate<BaselineStatus, [BaselineEvent]>('baselineEvent');
/** The ticket's state. */
export const baselineStatusQuery = defineQuery<BaselineStatus>('baselineStatus');

const STATES = ['s0', 's1', 's2', 's3', 's4', 's5'] as const;
const EVENTS = ['E1', 'E2', 'E3', 'E4', 'E5'] as const;
const RESOLUTION_MS = { P1: 4 * 3_600_000, P2: 8 * 3_600_000 } as const;

const { notify } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** One ticket, by hand. */
export async function baselineTicketWorkflow(ticket: BaselineTicket): Promise<BaselineStatus> {
  let step = 0;
  let breached = false;
  const timeline: TimelineEntry[] = [];
  const state = (): string => STATES[step]!;
  const done = (): boolean => step === STATES.length - 1;
  const status = (): BaselineStatus => ({ state: state(), events: timeline.length, breached });

  let notifications: Promise<void> = Promise.resolve();
  const send = (kind: BaselineNotification['kind']): void => {
    const notification: BaselineNotification = { ticket: ticket.number, to: ticket.customerEmail, kind, state: state() };
    notifications = notifications.then(() => notify(notification));
  };

  setHandler(baselineStatusQuery, status);
  setHandler(
    baselineEventUpdate,
    (event) => {
      const from = state();
      step += 1;
      timeline.push({ type: event.type, from, to: state(), at: Date.now(), ...(event.data ? { data: event.data } : {}) });
      send(done() ? 'resolved' : 'status_changed');
      return status();
    },
    {
      validator: (event) => {
        if (done()) throw new Error(`ticket ${ticket.number} is resolved`);
        const expected = EVENTS[step];
        if (event.type !== expected) throw new Error(`${event.type} is not accepted in state '${state()}'; allowed now: ${expected}`);
        const note = event.data?.['note'];
        if (typeof note !== 'string' || note === '') throw new Error(`field 'note' is required for ${event.type}`);
      },
    },
  );

  send('received');
  const resolutionTimer = new CancellationScope();
  const timerDone = resolutionTimer
    .run(() => sleep(RESOLUTION_MS[ticket.priority]))
    .then(() => {
      breached = true;
      send('sla_breached');
    })
    .catch((error: unknown) => {
      if (!isCancellation(error)) throw error;
    });

  await condition(done);
  resolutionTimer.cancel();
  await timerDone;
  await condition(allHandlersFinished);
  await notifications;
  return status();
}
