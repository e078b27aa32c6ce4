/**
 * The support tiers and their order: the one place that says which tier is above which, what
 * an escalation is and what the next tier is. The schema, the linter, the engine and the test
 * tools all ask here.
 */

/** The support tiers, first level first. */
export const TIERS = ['L1', 'L2', 'L3'] as const;

/** A support tier: first, second or third level. */
export type Tier = (typeof TIERS)[number];

/** 1 for L1, 2 for L2 …: tiers compare by rank, never by their names. */
export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier) + 1;
}

/** How many tiers `to` is above `from` (negative: below). */
export function tierStep(from: Tier, to: Tier): number {
  return tierRank(to) - tierRank(from);
}

/** Whether moving from one tier to another goes up; false when either has no tier. */
export function isEscalation(from: Tier | undefined, to: Tier | undefined): boolean {
  return from !== undefined && to !== undefined && tierStep(from, to) > 0;
}

/** The tier above, or undefined at the top tier (or without a tier). */
export function nextTier(tier: Tier | undefined): Tier | undefined {
  return tier === undefined ? undefined : TIERS[tierRank(tier)];
}

/** Whether a tier is the highest: a breach there cannot escalate further. */
export function isTopTier(tier: Tier | undefined): boolean {
  return tier !== undefined && nextTier(tier) === undefined;
}
