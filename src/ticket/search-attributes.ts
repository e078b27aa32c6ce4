import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The typed search attributes every ticket keeps current, so operators can list tickets by
 * state, tier, SLA status… in the CLI and the Web UI. The dev server registers them at start;
 * a real cluster needs them created once (see README).
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
} as const;

/** Name -> type, as `temporal server start-dev --search-attribute Name=Type` wants it. */
export const ticketSearchAttributeTypes: Record<string, 'Keyword' | 'Int' | 'Datetime'> = {
  SopFlow: 'Keyword',
  SopFlowVersion: 'Int',
  SopState: 'Keyword',
  SopTier: 'Keyword',
  SopPriority: 'Keyword',
  SopAssignee: 'Keyword',
  SopCustomer: 'Keyword',
  SopTopic: 'Keyword',
  SopSlaStatus: 'Keyword',
  SopDueAt: 'Datetime',
};
