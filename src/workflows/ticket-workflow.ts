import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { TicketActivities } from '../activities/ticket-activities';
import type { OwnerReport } from '../assignment/directory-state';
import type { Tier } from '../flow/schema';
import type { FlowDefinition } from '../flow/definition';
import type { BusinessCalendar } from '../sla/business-calendar';
import { closedTicketRecord } from '../ticket/closed-ticket-record';
import { EventRefusedError, TicketClosedError, TicketEngine } from '../ticket/engine';
import { RequestReceipts, requestKeyProblem } from '../ticket/request-receipts';
import type { RequestKey, RequestReceipt } from '../ticket/request-receipts';
import type { CarriedTicketState, EngineEffect } from '../ticket/engine';
import type { NotificationRequest } from '../notify/notification-request';
import { notificationRequest } from '../ticket/notification-request';
import { ticketSearchAttributePairs } from '../ticket/search-attributes';
import { ticketMemo } from '../ticket/ticket-memo';
import type { TicketInfo, TicketStatus } from '../ticket/types';
import {
  addMessageUpdate,
  agentAbsentSignal,
  assignUpdate,
  ownerFoundSignal,
  changePriorityUpdate,
  contactedAgainSignal,
  recordBounceUpdate,
  sendEventSignal,
  sendEventUpdate,
  statusQuery,
  timelineQuery,
} from './ticket-messages';
import type { TicketAnswer } from './ticket-messages';
import { archiveLinkOnOpen } from './archive-link';
import { failureMessage } from './failure-message';
import { LocalLane } from './local-lane';
import { NotificationQueue } from './notification-queue';

/** Input of a ticket: the pinned flow definition, its calendar, the ticket, and carried state after continue-as-new. */
export interface TicketWorkflowInput {
  flow: FlowDefinition;
  calendar: BusinessCalendar;
  ticket: TicketInfo;
  carried?: CarriedTicketState;
  /** Receipts of applied client requests, carried after continue-as-new. */
  receipts?: RequestReceipt[];
  /** Continue as new after this many handled messages even if Temporal does not suggest it yet (tests). */
  continueAsNewAfter?: number;
}

// Local activities run inside the workflow task, which holds the ticket's other messages back
// while they run: short attempts, on a lane that keeps them inside the task (see LocalLane).
const QUICK_MS = 3000;
const QUICK = { scheduleToCloseTimeout: QUICK_MS, startToCloseTimeout: QUICK_MS } as const;
// The quick first try of a batch of messages; a failure moves the batch to the durable path.
const { deliverNotifications: deliverQuickly } = proxyLocalActivities<TicketActivities>({ ...QUICK, retry: { maximumAttempts: 1 } });
// Delivery may take long (a mail server down for hours); the ticket never waits for it.
const { deliverNotifications: deliverDurably } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '3 days',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
// Picking an owner reads the directory and the tickets' load: quick, so first a local activity,
// then, if that fails, a regular one that may retry for a while.
const { pickAssignee: pickQuickly } = proxyLocalActivities<TicketActivities>({ ...QUICK, retry: { maximumAttempts: 1 } });
const { pickAssignee: pickDurably, reportOwner: reportDurably } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { reportOwner: reportQuickly } = proxyLocalActivities<TicketActivities>({ ...QUICK, retry: { maximumAttempts: 1 } });
/** Marks tickets that report their owner to the directory (see `reportOwner`). */
const OWNER_REPORTS_PATCH = 'owner-reports';
// Archiving a closed ticket retries until the database is back, however long that takes; the
// ticket is final already, only the workflow stays open until its record is written.
const { archiveClosedTicket: archiveDurably } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * One support ticket. The engine decides; this function only orchestrates: it feeds the engine
 * events (updates, signals) and due instants (durable timers), and performs the effects the
 * engine returns as activities. Notifications run in order on their own queue so an outage of
 * a channel never blocks the ticket or its SLA timers.
 */
export async function ticketWorkflow(input: TicketWorkflowInput): Promise<TicketStatus> {
  const now = (): number => Date.now(); // workflow time: deterministic in the sandbox
  let engine!: TicketEngine;
  let effects: EngineEffect[] = [];
  if (input.carried) {
    engine = TicketEngine.restore(input.flow, input.calendar, input.ticket, input.carried);
  } else {
    ({ engine, effects } = TicketEngine.open(input.flow, input.calendar, input.ticket, now()));
    // Clients set the memo when they start a ticket; write it only when one did not.
    if (workflowInfo().memo?.['ticket'] === undefined) {
      upsertMemo(ticketMemo(input.flow, input.ticket));
    }
  }
  // A follow-up writes its link into the older ticket's archive entry, in the background (issue 11).
  const linking = input.carried ? Promise.resolve() : archiveLinkOnOpen(input.ticket.number, now());

  let handled = 0;
  // Filled in below; `settle` needs the timer machinery, which needs `now` and the engine.
  let settle: () => void = () => undefined;
  let steps: Promise<void> = Promise.resolve();

  const requestsOf = (list: EngineEffect[]): NotificationRequest[] =>
    list.flatMap((effect) => (effect.kind === 'notify' ? [notificationRequest(engine, effect, now())] : []));
  // Local activities are cheap (one history event, no extra workflow task) but must not overlap.
  const lane = new LocalLane(now, QUICK_MS, 6000);
  const deliver = (batch: NotificationRequest[]) => lane.run(() => deliverQuickly(batch), () => deliverDurably(batch));
  const queue = new NotificationQueue(deliver, (request, reason) => {
    queue.add(requestsOf(engine.notificationFailed(request.kind, request.audience, reason, now())));
    settle();
  });

  // Tells the agent directory who owns the ticket (set by hand, or nobody once closed), so its
  // loads count open work only. In line with the steps, so the directory hears it in order.
  // Histories recorded before the directory kept loads itself have no such calls.
  const reportOwner = (report: OwnerReport): void => {
    if (!patched(OWNER_REPORTS_PATCH)) return;
    steps = steps.then(() => lane.run(() => reportQuickly(report), () => reportDurably(report)).catch((error: unknown) => log.warn('owner report failed', { ticket: report.ticket, error: failureMessage(error) })));
  };

  // Owner picks on the durable path (the directory is slow or down); while one runs, later steps
  // queue behind it, and their handlers answer without waiting for it.
  let durablePicks = 0;

  /**
   * Performs one step's effects, in order with the steps before it: first the owner picks, then
   * the step's messages together with those the picks caused (the new owner's), then one settle
   * (search attributes and the timer) for the whole step. Resolves when the step is performed,
   * or earlier, once a pick has to take the durable path: an update then answers with the new
   * state at once, and the owner follows when the pick succeeds.
   */
  const perform = (list: EngineEffect[]): Promise<void> => {
    // Messages describe the ticket as the step left it, so they are built now, sent after the picks.
    const requests = requestsOf(list);
    const picks = list.filter((effect): effect is Extract<EngineEffect, { kind: 'assign' }> => effect.kind === 'assign');
    let release!: () => void;
    const answered = new Promise<void>((done) => (release = done));
    const answerNow = (): void => {
      settle();
      release();
    };
    if (durablePicks > 0) answerNow();
    steps = steps.then(async () => {
      for (const effect of picks) {
        let caused: EngineEffect[];
        try {
          const status = engine.status(now());
          const request = {
            requestId: `${status.number}:${effect.seq}:${effect.tier}`,
            ticket: status.number,
            tier: effect.tier,
            fields: status.fields,
            exclude: effect.exclude,
            reason: effect.reason,
            ...(effect.skill ? { skill: effect.skill } : {}),
          };
          const pick = await lane.run(
            () => pickQuickly(request),
            async () => {
              durablePicks += 1;
              answerNow();
              try {
                return await pickDurably(request);
              } finally {
                durablePicks -= 1;
              }
            },
          );
          if (engine.isDone) {
            // The ticket closed while the pick was on its way: free the agent it was given.
            if (pick.agent) reportOwner({ ticket: status.number });
            caused = [];
          } else if (pick.agent) {
            caused = engine.recordAssignment(pick.agent, effect.tier, effect.reason, now());
          } else if (pick.queued) {
            caused = engine.assignmentQueued(effect.tier, pick.why ?? 'nobody available', pick.alertTeam ?? false, now());
          } else {
            caused = engine.assignmentFailed(effect.tier, pick.why ?? 'nobody available', now());
          }
        } catch (error) {
          // A failed pick must not break the ticket: it stays with its current owner and the team is told.
          caused = engine.assignmentFailed(effect.tier, failureMessage(error), now());
        }
        requests.push(...requestsOf(caused));
      }
      queue.add(requests);
      answerNow();
    });
    return answered;
  };

  // A refusal inside a handler must fail only that update, never the workflow task.
  const apply = <T>(change: () => T): T => {
    try {
      const result = change();
      handled += 1;
      return result;
    } catch (error) {
      if (error instanceof EventRefusedError) throw ApplicationFailure.create({ type: error.name, message: error.message, nonRetryable: true });
      throw error;
    }
  };
  const syncSearchAttributes = searchAttributeSync(engine);

  setHandler(statusQuery, () => engine.status(now()));
  setHandler(timelineQuery, () => engine.getTimeline());

  // A request the ticket already applied (a client's retry, also after continue-as-new) is
  // accepted again and answered with its first receipt; it changes nothing.
  const receipts = new RequestReceipts(input.receipts);
  const answer = (receipt: RequestReceipt | undefined): TicketAnswer => ({ ...engine.status(now()), ...(receipt ? { receipt } : {}) });
  const validateKeyed = (request: RequestKey | undefined, refusal: () => string | undefined): void => {
    const keyProblem = requestKeyProblem(request);
    if (keyProblem) throw new EventRefusedError(keyProblem);
    if (receipts.find(request)) return;
    const why = refusal();
    if (why) throw engine.isDone ? new TicketClosedError(why) : new EventRefusedError(why);
  };
  /** Applies a keyed change once: records its receipt before its effects run, so a retry arriving meanwhile finds it. */
  const applyOnce = async <T>(request: RequestKey | undefined, change: () => T, effectsOf: (result: T) => EngineEffect[]): Promise<{ receipt?: RequestReceipt; result?: T }> => {
    const earlier = receipts.find(request);
    if (earlier) return { receipt: earlier };
    const result = apply(change);
    const receipt = receipts.record(request, engine.lastSeq);
    await perform(effectsOf(result));
    return { ...(receipt ? { receipt } : {}), result };
  };

  setHandler(
    sendEventUpdate,
    async (event) => answer((await applyOnce(event.request, () => engine.send(event, now()), (effects) => effects)).receipt),
    // Synchronous on purpose: an async validator cannot reject an update.
    { validator: (event) => validateKeyed(event.request, () => engine.refusal(event)) },
  );
  setHandler(sendEventSignal, async (event) => {
    // A signal cannot be refused to its sender; a bad one is logged and changes nothing.
    const refusal = engine.refusal(event);
    if (refusal) {
      log.warn('signal refused', { ticket: input.ticket.number, event: event.type, refusal });
      return;
    }
    await perform(apply(() => engine.send(event, now())));
  });
  setHandler(
    addMessageUpdate,
    async (message) => {
      const { receipt, result } = await applyOnce(message.request, () => engine.customerMessage(message, now()), (outcome) => outcome.effects);
      return { ...answer(receipt), ...(result?.replyEvent ? { replyEvent: result.replyEvent } : {}) };
    },
    { validator: (message) => validateKeyed(message.request, () => engine.messageRefusal(message)) },
  );
  setHandler(
    recordBounceUpdate,
    async ({ address, reason, request }) => answer((await applyOnce(request, () => engine.deliveryBounced(address, reason, now()), (effects) => effects)).receipt),
    { validator: ({ request }) => validateKeyed(request, () => (engine.isDone ? `ticket ${input.ticket.number} is closed` : undefined)) },
  );
  setHandler(
    assignUpdate,
    async ({ agent, reason, request }) => {
      const tier = engine.currentTier() ?? 'L1';
      const { receipt, result } = await applyOnce(request, () => engine.recordAssignment(agent, tier, reason ?? 'assigned by hand', now()), (effects) => effects);
      if (result) reportOwner({ ticket: input.ticket.number, agent, tier });
      return answer(receipt);
    },
    { validator: ({ request }) => validateKeyed(request, () => (engine.isDone ? `ticket ${input.ticket.number} is closed` : undefined)) },
  );
  setHandler(
    changePriorityUpdate,
    async ({ priority, actor, request }) => answer((await applyOnce(request, () => engine.changePriority(priority, now(), actor), () => [])).receipt),
    {
      validator: ({ priority, request }) =>
        validateKeyed(request, () =>
          input.flow.priorities.includes(priority) ? undefined : `unknown priority '${priority}'; this flow uses ${input.flow.priorities.join(', ')}`,
        ),
    },
  );
  setHandler(agentAbsentSignal, async ({ agent }) => perform(apply(() => engine.ownerAbsent(agent, now()))));
  setHandler(ownerFoundSignal, async (offer) => {
    // The queue served an old request: the ticket closed or moved to another tier meanwhile.
    if (engine.isDone || engine.currentTier() !== offer.tier) {
      const owner = engine.isDone ? undefined : engine.status(now()).assignee;
      reportOwner({ ticket: input.ticket.number, ...(owner ? { agent: owner, tier: engine.currentTier() ?? offer.tier } : {}) });
      return;
    }
    await perform(apply(() => engine.recordAssignment(offer.agent, offer.tier as Tier, offer.reason ?? 'queued', now())));
  });
  setHandler(contactedAgainSignal, async ({ channel, subject }) => {
    apply(() => engine.contactedAgain(channel, subject, now()));
    await perform([]);
  });

  // One durable timer for the earliest due instant. A later instant keeps the armed timer (it
  // fires early, finds nothing due and re-arms): most tickets move on before their deadlines, so
  // this saves a cancel and a start per step. An earlier instant, or a paused clock, replaces it.
  let armedAt: number | undefined;
  let armedScope: CancellationScope | undefined;
  let timerFired = false;
  const arm = (at: number | undefined): void => {
    if (at === armedAt || (at !== undefined && armedAt !== undefined && at > armedAt)) return;
    armedScope?.cancel();
    armedScope = undefined;
    armedAt = at;
    if (at === undefined) return;
    const scope = new CancellationScope();
    armedScope = scope;
    scope
      .run(() => sleep(Math.max(1, at - now())))
      .then(() => {
        if (armedScope === scope) {
          timerFired = true;
          armedAt = undefined;
          armedScope = undefined;
        }
      })
      .catch((error: unknown) => {
        if (!isCancellation(error)) throw error;
      });
  };
  settle = () => {
    syncSearchAttributes(now());
    // A closed ticket leaves its timer to die with the workflow: cancelling it is one more event.
    if (!engine.isDone) arm(engine.nextWakeAt());
  };

  await perform(effects);

  const rotate = (): boolean =>
    workflowInfo().continueAsNewSuggested || (input.continueAsNewAfter !== undefined && handled >= input.continueAsNewAfter);
  while (!engine.isDone) {
    await condition(() => timerFired || engine.isDone || rotate());
    if (timerFired) {
      timerFired = false;
      await perform(engine.fireDue(now()));
    }
    if (!engine.isDone && rotate()) {
      await condition(allHandlersFinished);
      await steps;
      await queue.drained();
      await linking;
      await continueAsNew<typeof ticketWorkflow>({ ...input, carried: engine.carry(), receipts: receipts.carry() });
    }
  }
  await condition(allHandlersFinished);
  // The owner's load counts open work only: free it now, not after the last mails are out.
  reportOwner({ ticket: input.ticket.number });
  // Messages queued by the final step (the "resolved" mail) are delivered before the ticket closes.
  await steps;
  // Archive on close (issue 11): tickets started before this code keep their recorded commands.
  const archived = patched('archive-on-close') ? archiveDurably(closedTicketRecord({ ...input, carried: engine.carry() })) : undefined;
  await queue.drained();
  syncSearchAttributes(now());
  await archived;
  await linking;
  return engine.status(now());
}

/** Keeps search attributes current, writing only when a value changed (each write is a history event). */
function searchAttributeSync(engine: TicketEngine): (at: number) => void {
  let lastAttributes = '';
  return (at) => {
    const status = engine.status(at);
    const pairs = ticketSearchAttributePairs({
      flow: status.flow.id,
      flowVersion: status.flow.version,
      state: status.state,
      tier: status.tier ?? null,
      priority: status.priority,
      assignee: status.assignee ?? null,
      customer: status.customer,
      topic: engine.ticket.topic,
      slaStatus: status.slaStatus,
      dueAt: status.dueAt ? new Date(status.dueAt) : null,
    });
    const fingerprint = JSON.stringify(pairs.map((pair) => [pair.key.name, pair.value]));
    if (fingerprint === lastAttributes) return;
    lastAttributes = fingerprint;
    upsertSearchAttributes(pairs);
  };
}
