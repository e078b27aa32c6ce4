import { log, setHandler } from '@temporalio/workflow';
import type { Tier } from '../flow/schema';
import { EventRefusedError, TicketClosedError } from '../ticket/engine';
import type { EngineEffect } from '../ticket/engine';
import { requestKeyProblem } from '../ticket/request-receipts';
import type { RequestKey, RequestReceipt } from '../ticket/request-receipts';
import type { TicketContext } from './ticket-context';
import type { TicketEffects } from './ticket-effects';
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

/**
 * Registers the ticket's queries, updates and signals. Each feeds the engine and hands the
 * effects it returns to `effects`. Updates are validated synchronously (an async validator
 * cannot reject an update); a keyed request the ticket already applied (a client's retry, also
 * after continue-as-new) is accepted again and answered with its first receipt, changing nothing.
 */
export function registerTicketHandlers(context: TicketContext, effects: TicketEffects): void {
  const { engine, input, now, receipts } = context;

  setHandler(statusQuery, () => engine.status(now()));
  setHandler(timelineQuery, () => engine.getTimeline());

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
    const result = context.apply(change);
    const receipt = receipts.record(request, engine.lastSeq);
    await effects.perform(effectsOf(result));
    return { ...(receipt ? { receipt } : {}), result };
  };

  setHandler(
    sendEventUpdate,
    async (event) => answer((await applyOnce(event.request, () => engine.send(event, now()), (list) => list)).receipt),
    { validator: (event) => validateKeyed(event.request, () => engine.refusal(event)) },
  );
  setHandler(sendEventSignal, async (event) => {
    // A signal cannot be refused to its sender; a bad one is logged and changes nothing.
    const refusal = engine.refusal(event);
    if (refusal) {
      log.warn('signal refused', { ticket: input.ticket.number, event: event.type, refusal });
      return;
    }
    await effects.perform(context.apply(() => engine.send(event, now())));
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
    async ({ address, reason, request }) => answer((await applyOnce(request, () => engine.deliveryBounced(address, reason, now()), (list) => list)).receipt),
    { validator: ({ request }) => validateKeyed(request, () => engine.closedRefusal()) },
  );
  setHandler(
    assignUpdate,
    async ({ request, ...assignment }) => {
      const { receipt, result } = await applyOnce(request, () => engine.assignByHand(assignment, now()), (outcome) => outcome.effects);
      if (result) effects.reportOwner({ ticket: input.ticket.number, agent: assignment.agent, tier: result.tier });
      return answer(receipt);
    },
    { validator: ({ request, ...assignment }) => validateKeyed(request, () => engine.assignmentRefusal(assignment)) },
  );
  setHandler(
    changePriorityUpdate,
    async ({ request, ...change }) => answer((await applyOnce(request, () => engine.changePriority(change, now()), () => [])).receipt),
    { validator: ({ request, ...change }) => validateKeyed(request, () => engine.priorityRefusal(change)) },
  );
  setHandler(agentAbsentSignal, async ({ agent }) => effects.perform(context.apply(() => engine.ownerAbsent(agent, now()))));
  setHandler(ownerFoundSignal, async (offer) => {
    // The queue served an old request: the ticket closed or moved to another tier meanwhile.
    if (engine.isDone || engine.currentTier() !== offer.tier) {
      const owner = engine.isDone ? undefined : engine.status(now()).assignee;
      effects.reportOwner({ ticket: input.ticket.number, ...(owner ? { agent: owner, tier: engine.currentTier() ?? offer.tier } : {}) });
      return;
    }
    await effects.perform(context.apply(() => engine.recordAssignment(offer.agent, offer.tier as Tier, offer.reason ?? 'queued', now())));
  });
  setHandler(contactedAgainSignal, async ({ channel, subject }) => {
    context.apply(() => engine.contactedAgain(channel, subject, now()));
    await effects.perform([]);
  });
}
