import type { StateDefinition } from '../../flow/definition';
import { pickText } from '../../flow/localized-text';

/**
 * The texts of a state for an agent, in their language: what to do (the flow's `instructions`,
 * else its description) and what the customer is told (the description, shown apart only when
 * the flow writes instructions). The customer's pages use the description alone: instructions
 * are for agents and never go to a customer.
 */
export function agentStateTexts(state: StateDefinition | undefined, language: string): { instructions?: string; customerSees?: string } {
  const description = state?.description !== undefined ? pickText(state.descriptions, state.description, language) : undefined;
  if (state?.instructions === undefined) return description !== undefined ? { instructions: description } : {};
  const instructions = pickText(state.instructionsByLanguage, state.instructions, language);
  return description !== undefined ? { instructions, customerSees: description } : { instructions };
}
