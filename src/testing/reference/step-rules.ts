import type { StateDefinition } from '../../flow/definition';
import type { Tier } from '../../flow/schema';

/*
 * The README's rules for what a change of state tells people, as the model reads them:
 * "Customers are mailed on every status change even without a `notify` action", with the
 * template the change calls for; a new owner is picked with the reason the customer is told.
 */

/**
 * Where a step starts, as these rules see it: the tier the ticket worked in. Waiting and final
 * states have no tier of their own; a ticket waiting for the customer still belongs to the tier
 * it waits for, so L1 -> waiting -> L2 goes up a tier as the reports count it.
 */
export interface StepOrigin {
  tier: Tier | undefined;
}

/** The customer's mail for a change from `from` to `to`: closed, waiting for them, escalated, or a plain status change. */
export function stepTemplate(from: StepOrigin, to: StateDefinition): string {
  if (to.kind === 'final') return 'resolved';
  if (to.kind === 'waiting') return 'waiting_for_you';
  return to.tier !== undefined && goesUp(from, to.tier) ? 'escalated' : 'status_changed';
}

/** Why a ticket entering a state gets an owner of `tier`: it is new (no origin), it went up a tier, or it changed hands. */
export function assignmentReason(from: StepOrigin | undefined, tier: Tier): string {
  if (!from) return 'new ticket';
  return goesUp(from, tier) ? 'escalation' : 'handover';
}

/** Moving up a tier (L1 → L2, L2 → L3, L1 → L3). */
function goesUp(from: StepOrigin, tier: Tier): boolean {
  return from.tier !== undefined && tierRank(tier) > tierRank(from.tier);
}

function tierRank(tier: Tier): number {
  return Number(tier.slice(1));
}
