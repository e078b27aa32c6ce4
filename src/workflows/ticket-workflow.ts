import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { TicketActivities } from '../activities/ticket-activities';
import type { FlowDefinition } from '../flow/definition';
import type { BusinessCalendar } from '../sla/business-calendar';
import { EventRefusedError, TicketEngine } from '../ticket/engine';
import type { CarriedTicketState, EngineEffect } from '../ticket/engine';
import { notificationRequest } from '../ticket/notification-request';
import { ticketSearchAttributes as keys } from '../ticket/search-attributes';
import type { TicketInfo, TicketStatus } from '../ticket/types';
import {
  agentAbsentSignal,
  assignUpdate,
  changePriorityUpdate,
  contactedAgainSignal,
  sendEventSignal,
  sendEventUpdate,
  statusQuery,
  timelineQuery,
} from './ticket-messages';

/** Input of a ticket: the pinned flow definition, its calendar, the ticket, and carried state after continue-as-new. */
export interface TicketWorkflowInput {
  flow: FlowDefinition;
  calendar: BusinessCalendar;
  ticket: TicketInfo;
  carried?: CarriedTicketState;
  /** Continue as new after this many handled messages even if Temporal does not suggest it yet (tests). */
  continueAsNewAfter?: number;
}

// Delivery may take long (a mail server down for hours); the ticket never waits for it.
const { notify } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '3 days',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: ['PermanentDeliveryFailure'] },
});
const { pickAssignee } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One support ticket. The engine decides; this function only orchestrates: it feeds the engine
 * events (updates, signals) and due instants (durable timers), and performs the effects the
 * engine returns as activities. Notifications run in order on their own chain so an outage of
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
    upsertMemo({ ticket: input.ticket.number, subject: input.ticket.subject, flowTitle: input.flow.title });
  }

  let notifications: Promise<void> = Promise.resolve();
  let assignments: Promise<void> = Promise.resolve();
  let handled = 0;
  // Filled in below; `settle` needs the timer machinery, which needs `now` and the engine.
  let settle: () => void = () => undefined;

  const perform = (list: EngineEffect[]): void => {
    for (const effect of list) {
      if (effect.kind === 'notify') {
        const request = notificationRequest(engine, effect, now());
        notifications = notifications.then(() =>
          notify(request).then(
            () => undefined,
            (error: unknown) => {
              perform(engine.notificationFailed(effect.template, effect.audience, failureMessage(error), now()));
              settle();
            },
          ),
        );
      } else {
        assignments = assignments.then(async () => {
          const status = engine.status(now());
          const pick = await pickAssignee({ ticket: status.number, tier: effect.tier, fields: status.fields, exclude: effect.exclude, ...(effect.skill ? { skill: effect.skill } : {}) });
          if (pick.agent) perform(engine.recordAssignment(pick.agent, effect.tier, effect.reason, now()));
          else perform(engine.assignmentFailed(effect.tier, pick.why ?? 'nobody available', now()));
          settle();
        }).catch((error: unknown) => {
          // A failed pick must not break the chain: the ticket stays with its current owner and the team is told.
          perform(engine.assignmentFailed(effect.tier, failureMessage(error), now()));
          settle();
        });
      }
    }
  };

  // A refusal inside a handler must fail only that update, never the workflow task.
  // Every handler settles (search attributes, the timer) before it returns, so the commands of
  // a step are issued in the step's own handler and never interleave with another coroutine's:
  // the order of commands in the history is then the same on every replay.
  const handle = <T>(apply: () => T): T => {
    try {
      const result = apply();
      handled += 1;
      settle();
      return result;
    } catch (error) {
      if (error instanceof EventRefusedError) throw ApplicationFailure.create({ type: 'EventRefused', message: error.message, nonRetryable: true });
      throw error;
    }
  };
  const syncSearchAttributes = searchAttributeSync(engine);

  setHandler(statusQuery, () => engine.status(now()));
  setHandler(timelineQuery, () => engine.getTimeline());
  setHandler(
    sendEventUpdate,
    (event) => handle(() => {
      perform(engine.send(event, now()));
      return engine.status(now());
    }),
    {
      // Synchronous on purpose: an async validator cannot reject an update.
      validator: (event) => {
        const refusal = engine.refusal(event);
        if (refusal) throw new EventRefusedError(refusal);
      },
    },
  );
  setHandler(sendEventSignal, (event) => {
    // A signal cannot be refused to its sender; a bad one is logged and changes nothing.
    const refusal = engine.refusal(event);
    if (refusal) {
      log.warn('signal refused', { ticket: input.ticket.number, event: event.type, refusal });
      return;
    }
    handle(() => perform(engine.send(event, now())));
  });
  setHandler(
    assignUpdate,
    ({ agent, reason }) => handle(() => {
      perform(engine.recordAssignment(agent, engine.currentTier() ?? 'L1', reason ?? 'assigned by hand', now()));
      return engine.status(now());
    }),
    {
      validator: (_request) => {
        if (engine.isDone) throw new EventRefusedError(`ticket ${input.ticket.number} is closed`);
      },
    },
  );
  setHandler(
    changePriorityUpdate,
    ({ priority, actor }) => handle(() => {
      engine.changePriority(priority, now(), actor);
      return engine.status(now());
    }),
    {
      validator: ({ priority }) => {
        if (!input.flow.priorities.includes(priority)) {
          throw new EventRefusedError(`unknown priority '${priority}'; this flow uses ${input.flow.priorities.join(', ')}`);
        }
      },
    },
  );
  setHandler(agentAbsentSignal, ({ agent }) => handle(() => perform(engine.ownerAbsent(agent, now()))));
  setHandler(contactedAgainSignal, ({ channel, subject }) => handle(() => engine.contactedAgain(channel, subject, now())));


  // One durable timer, for the earliest due instant; replaced only when that instant changes.
  let armedAt: number | undefined;
  let armedScope: CancellationScope | undefined;
  let timerFired = false;
  const arm = (at: number | undefined): void => {
    if (at === armedAt) return;
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
    arm(engine.isDone ? undefined : engine.nextWakeAt());
  };

  perform(effects);
  settle();

  const rotate = (): boolean =>
    workflowInfo().continueAsNewSuggested || (input.continueAsNewAfter !== undefined && handled >= input.continueAsNewAfter);
  while (!engine.isDone) {
    await condition(() => timerFired || engine.isDone || rotate());
    if (timerFired) {
      timerFired = false;
      perform(engine.fireDue(now()));
      settle();
    }
    if (!engine.isDone && rotate()) {
      await condition(allHandlersFinished);
      await Promise.all([notifications, assignments]);
      armedScope?.cancel();
      await continueAsNew<typeof ticketWorkflow>({ ...input, carried: engine.carry(), ...(input.continueAsNewAfter !== undefined ? { continueAsNewAfter: input.continueAsNewAfter } : {}) });
    }
  }
  await condition(allHandlersFinished);
  // Messages queued by the final step (the "resolved" mail) are delivered before the ticket closes.
  await assignments;
  await notifications;
  syncSearchAttributes(now());
  return engine.status(now());
}

/** Keeps search attributes current, writing only when a value changed (each write is a history event). */
function searchAttributeSync(engine: TicketEngine): (at: number) => void {
  let lastAttributes = '';
  return (at) => {
  const status = engine.status(at);
  const pairs: SearchAttributeUpdatePair[] = [
    { key: keys.flow, value: status.flow.id },
    { key: keys.flowVersion, value: status.flow.version },
    { key: keys.state, value: status.state },
    { key: keys.tier, value: status.tier ?? null },
    { key: keys.priority, value: status.priority },
    { key: keys.assignee, value: status.assignee ?? null },
    { key: keys.customer, value: status.customer },
    { key: keys.topic, value: engine.ticket.topic },
    { key: keys.slaStatus, value: status.slaStatus },
    { key: keys.dueAt, value: status.dueAt ? new Date(status.dueAt) : null },
  ] as SearchAttributeUpdatePair[];
  const fingerprint = JSON.stringify(pairs.map((pair) => [pair.key.name, pair.value]));
  if (fingerprint === lastAttributes) return;
  lastAttributes = fingerprint;
  upsertSearchAttributes(pairs);
  };
}

function failureMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}
