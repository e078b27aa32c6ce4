import type { StateDefinition } from '../../flow/definition';
import type { Tier } from '../../flow/schema';

/*
 * The README's rules for what a change of state tells people, as the model reads them:
 * "Customers are mailed on every status change even without a `notify` action", with the
 * template the change calls for; a new owner is picked with the reason the customer is told.
 */

/** The customer's mail for a change from `from` to `to`: closed, waiting for them, escalated, or a plain status change. */
export function stepTemplate(from: StateDefinition, to: StateDefinition): string {
  if (to.kind === 'final') return 'resolved';
  if (to.kind === 'waiting') return 'waiting_for_you';
  return isEscalation(from, to) ? 'escalated' : 'status_changed';
}

/** Moving up a tier (L1 → L2, L2 → L3, L1 → L3); waiting and final states have no tier of their own. */
export function isEscalation(from: StateDefinition, to: StateDefinition): boolean {
  return from.tier !== undefined && to.tier !== undefined && tierRank(to.tier) > tierRank(from.tier);
}

/** Why a ticket entering a state gets an owner of `tier`: it is new, it went up a tier, or it changed hands. */
export function assignmentReason(from: StateDefinition | undefined, tier: Tier): string {
  if (!from) return 'new ticket';
  return from.tier !== undefined && tierRank(tier) > tierRank(from.tier) ? 'escalation' : 'handover';
}

function tierRank(tier: Tier): number {
  return Number(tier.slice(1));
}
