import type { Tier } from '../flow/schema';

/** The agents of model-based tests, per tier; always present, so who gets a ticket depends only on the tier. */
export const MODEL_AGENTS: Readonly<Record<Tier, readonly string[]>> = {
  L1: ['l1-anna', 'l1-ben'],
  L2: ['l2-clara', 'l2-dirk'],
  L3: ['l3-emil', 'l3-frida'],
};

/**
 * The agent the model and the test worker both pick: the first of the tier not excluded. A
 * pure function of its arguments, so the engine run and the workflow run agree on owners and
 * therefore on the "assigned"/"reassigned" messages that follow.
 */
export function pickModelAgent(tier: Tier, exclude: readonly string[]): string | undefined {
  return MODEL_AGENTS[tier].find((agent) => !exclude.includes(agent));
}
