import {
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  proxyLocalActivities,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { baselineEventUpdate, baselineStatusQuery } from './baseline-workflow';
import type { BaselineEvent, BaselineStatus, BaselineTicket } from './baseline-workflow';

/*
 * The expert baseline of `npm run bench -- tickets`: the same ticket job as
 * bench/fixtures/bench-flow.yaml and as sopflow does it (the plain baseline does less), written
 * by hand the best way a Temporal expert would, with no flow engine, no XState and no business
 * calendar (the bench flow runs on 24x7, so wall time is business time). Exactly what it does:
 *
 * - States s0..s5 as in the plain baseline (the same update, validator and query); tiers L1 for
 *   s0, s1, L2 for s2, s3, L3 for s4; s5 is final.
 * - An owner per tier: when a step enters a new tier (and when the ticket opens) one local
 *   activity picks the owner before the update answers, as sopflow's does.
 * - The customer's mail for every step (received, status_changed, escalated, resolved), and on a
 *   new owner the owner's "assigned" and, from the second owner on, the customer's "reassigned"
 *   mail: the 11 messages sopflow sends. A step's messages go out as one batch, first as a local
 *   activity (one history event, no extra workflow task); a failed batch goes to a regular
 *   activity, and later batches wait behind it, in order.
 * - SLA: the resolution target (4 h P1) and each working state's due date (30 m, 1 h, 1 h, 1 h,
 *   2 h for P1), both wall-clock; one durable timer for the earliest due instant, replaced only
 *   when that instant moves earlier (a later one lets the armed timer fire early and re-arm), and
 *   left to die with the workflow at the end (no cancel event).
 * - The search attributes sopflow keeps (state, tier, owner, due instant; the others do not
 *   change), set at start by the client and upserted only with the pairs that changed, once per step.
 */

/** What a batch of messages and an owner pick need. */
export interface ExpertActivities {
  deliverBatch(messages: ExpertMessage[]): Promise<void>;
  pickOwner(request: { ticket: string; tier: string }): Promise<string>;
}

/** One message of a batch. */
export interface ExpertMessage {
  ticket: string;
  to: string;
  kind: 'received' | 'status_changed' | 'escalated' | 'resolved' | 'assigned' | 'reassigned' | 'sla_breached';
  state: string;
}

/** The search attributes the expert keeps current; names and types as sopflow's. */
export const expertSearchAttributes = {
  state: defineSearchAttributeKey('SopState', SearchAttributeType.KEYWORD),
  tier: defineSearchAttributeKey('SopTier', SearchAttributeType.KEYWORD),
  assignee: defineSearchAttributeKey('SopAssignee', SearchAttributeType.KEYWORD),
  dueAt: defineSearchAttributeKey('SopDueAt', SearchAttributeType.DATETIME),
} as const;

const STATES = ['s0', 's1', 's2', 's3', 's4', 's5'] as const;
const EVENTS = ['E1', 'E2', 'E3', 'E4', 'E5'] as const;
const TIERS = ['L1', 'L1', 'L2', 'L2', 'L3', undefined] as const;
const MINUTE = 60_000;
const DUE_MS = { P1: [30, 60, 60, 60, 120], P2: [60, 120, 120, 120, 240] } as const;
const RESOLUTION_MS = { P1: 240 * MINUTE, P2: 480 * MINUTE } as const;

const QUICK = { scheduleToCloseTimeout: '3 seconds', startToCloseTimeout: '3 seconds', retry: { maximumAttempts: 1 } } as const;
const { deliverBatch: deliverQuickly, pickOwner: pickQuickly } = proxyLocalActivities<ExpertActivities>(QUICK);
const { deliverBatch: deliverDurably, pickOwner: pickDurably } = proxyActivities<ExpertActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '3 days',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** One ticket, by an expert's hand. */
export async function expertTicketWorkflow(ticket: BaselineTicket): Promise<BaselineStatus> {
  const openedAt = Date.now();
  let step = 0;
  let enteredAt = openedAt;
  let breached = false;
  let owner: string | undefined;
  let events = 0;
  const state = (): string => STATES[step]!;
  const done = (): boolean => step === STATES.length - 1;
  const status = (): BaselineStatus => ({ state: state(), events, breached });

  // Messages in order: each batch after the one before, first quickly, else durably.
  let delivered: Promise<void> = Promise.resolve();
  const deliver = (messages: ExpertMessage[]): void => {
    delivered = delivered.then(async () => {
      try {
        await deliverQuickly(messages);
      } catch {
        await deliverDurably(messages);
      }
    });
  };
  const message = (kind: ExpertMessage['kind'], to = ticket.customerEmail): ExpertMessage => ({ ticket: ticket.number, to, kind, state: state() });

  const dueAt = (): number | undefined => {
    if (done()) return undefined;
    return Math.min(enteredAt + DUE_MS[ticket.priority][step]! * MINUTE, openedAt + RESOLUTION_MS[ticket.priority]);
  };

  // One timer for the earliest due instant; a later instant keeps the armed one.
  let armedAt: number | undefined;
  let armed: CancellationScope | undefined;
  let fired = false;
  const arm = (at: number | undefined): void => {
    if (at === undefined || (armedAt !== undefined && at >= armedAt)) return;
    armed?.cancel();
    const scope = new CancellationScope();
    armed = scope;
    armedAt = at;
    scope
      .run(() => sleep(Math.max(1, at - Date.now())))
      .then(() => {
        if (armed !== scope) return;
        armed = undefined;
        armedAt = undefined;
        fired = true;
      })
      .catch((error: unknown) => {
        if (!isCancellation(error)) throw error;
      });
  };

  // Search attributes: only the pairs that changed since the last write.
  const written = new Map<string, unknown>([
    ['SopState', state()],
    ['SopTier', TIERS[0]],
  ]);
  const sync = (): void => {
    const due = dueAt();
    const wanted: Array<[string, SearchAttributeUpdatePair]> = [
      ['SopState', { key: expertSearchAttributes.state, value: state() }],
      ['SopTier', { key: expertSearchAttributes.tier, value: TIERS[step] ?? null }],
      ['SopAssignee', { key: expertSearchAttributes.assignee, value: owner ?? null }],
      ['SopDueAt', { key: expertSearchAttributes.dueAt, value: due === undefined ? null : new Date(due) }],
    ] as Array<[string, SearchAttributeUpdatePair]>;
    const changed = wanted.filter(([name, pair]) => {
      const value = pair.value instanceof Date ? pair.value.getTime() : pair.value;
      if (written.get(name) === value) return false;
      written.set(name, value);
      return true;
    });
    if (changed.length > 0) upsertSearchAttributes(changed.map(([, pair]) => pair));
  };

  /** The owner of a newly entered tier, and the messages that tells. */
  const newOwner = async (tier: string): Promise<ExpertMessage[]> => {
    let agent: string;
    try {
      agent = await pickQuickly({ ticket: ticket.number, tier });
    } catch {
      agent = await pickDurably({ ticket: ticket.number, tier });
    }
    const previous = owner;
    owner = agent;
    return previous ? [message('assigned', agent), message('reassigned')] : [message('assigned', agent)];
  };

  // Steps run one after the other, also when updates arrive together.
  let steps: Promise<void> = Promise.resolve();
  const perform = async (first: ExpertMessage[], tier: string | undefined): Promise<void> => {
    const run = steps.then(async () => {
      const messages = [...first, ...(tier ? await newOwner(tier) : [])];
      deliver(messages);
      sync();
      arm(dueAt());
    });
    steps = run;
    return run;
  };

  setHandler(baselineStatusQuery, status);
  setHandler(
    baselineEventUpdate,
    async (_event: BaselineEvent) => {
      const fromTier = TIERS[step];
      step += 1;
      events += 1;
      enteredAt = Date.now();
      const toTier = TIERS[step];
      const kind = done() ? 'resolved' : toTier !== fromTier ? 'escalated' : 'status_changed';
      await perform([message(kind)], toTier !== undefined && toTier !== fromTier ? toTier : undefined);
      return status();
    },
    {
      validator: (event: BaselineEvent) => {
        if (done()) throw new Error(`ticket ${ticket.number} is resolved`);
        const expected = EVENTS[step];
        if (event.type !== expected) throw new Error(`${event.type} is not accepted in state '${state()}'; allowed now: ${expected}`);
        const note = event.data?.['note'];
        if (typeof note !== 'string' || note === '') throw new Error(`field 'note' is required for ${event.type}`);
      },
    },
  );

  await perform([message('received')], TIERS[0]);
  while (!done()) {
    await condition(() => fired || done());
    if (fired && !done()) {
      fired = false;
      const due = dueAt();
      // Early (the instant moved later meanwhile): re-arm; due: the breach is told once, and the next step arms again.
      if (due !== undefined && due > Date.now()) arm(due);
      else if (!breached) {
        breached = true;
        deliver([message('sla_breached', 'team')]);
      }
    }
  }
  await condition(allHandlersFinished);
  await steps;
  await delivered;
  return status();
}
