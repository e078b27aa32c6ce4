import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeUpdatePair } from '@temporalio/common';

/**
 * The typed search attributes every ticket keeps current, so operators can list tickets by
 * state, tier, SLA status… in the CLI and the Web UI. The one definition: the dev server's start
 * flags, the operator API registration and every value written derive from it. A real cluster
 * needs them created once (see README).
 */
export const ticketSearchAttributes = {
  flow: defineSearchAttributeKey('SopFlow', SearchAttributeType.KEYWORD),
  flowVersion: defineSearchAttributeKey('SopFlowVersion', SearchAttributeType.INT),
  state: defineSearchAttributeKey('SopState', SearchAttributeType.KEYWORD),
  tier: defineSearchAttributeKey('SopTier', SearchAttributeType.KEYWORD),
  priority: defineSearchAttributeKey('SopPriority', SearchAttributeType.KEYWORD),
  assignee: defineSearchAttributeKey('SopAssignee', SearchAttributeType.KEYWORD),
  customer: defineSearchAttributeKey('SopCustomer', SearchAttributeType.KEYWORD),
  topic: defineSearchAttributeKey('SopTopic', SearchAttributeType.KEYWORD),
  slaStatus: defineSearchAttributeKey('SopSlaStatus', SearchAttributeType.KEYWORD),
  dueAt: defineSearchAttributeKey('SopDueAt', SearchAttributeType.DATETIME),
  /**
   * When any other attribute last changed (the workflow's clock): the web server's poller asks
   * visibility only for tickets changed since its last poll, so a poll costs the same whatever
   * the number of open tickets.
   */
  changedAt: defineSearchAttributeKey('SopChangedAt', SearchAttributeType.DATETIME),
} as const;

/** A ticket attribute by its short name. */
export type TicketAttribute = keyof typeof ticketSearchAttributes;

/** Values of a ticket's attributes; `null` clears one, a missing one is left as it is. */
export type TicketAttributeValues = Partial<{
  flow: string;
  flowVersion: number;
  state: string;
  tier: string | null;
  priority: string;
  assignee: string | null;
  customer: string;
  topic: string;
  slaStatus: string;
  dueAt: Date | null;
  changedAt: Date;
}>;

/** The pairs to start a ticket with or to upsert, from the values given (the one builder). */
export function ticketSearchAttributePairs(values: TicketAttributeValues): SearchAttributeUpdatePair[] {
  return (Object.keys(ticketSearchAttributes) as TicketAttribute[])
    .filter((name) => values[name] !== undefined)
    .map((name) => ({ key: ticketSearchAttributes[name], value: values[name] }) as SearchAttributeUpdatePair);
}

const TYPE_NAMES: Partial<Record<SearchAttributeType, 'Keyword' | 'Int' | 'Datetime'>> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DATETIME]: 'Datetime',
};

/** Name -> type, as `temporal server start-dev --search-attribute Name=Type` wants it; derived from the keys. */
export const ticketSearchAttributeTypes: Record<string, 'Keyword' | 'Int' | 'Datetime'> = Object.fromEntries(
  Object.values(ticketSearchAttributes).map((key) => [key.name, TYPE_NAMES[key.type]!]),
);
