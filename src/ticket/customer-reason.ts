import type { FlowDefinition } from '../flow/definition';

/**
 * What the customer's mail for a step says happened and why (the templates' `reason`), and so
 * what the portal's discussion shows for it: the host's own reason (an SLA breach), else the
 * event's fields the flow marks `to_customer` (the question an agent asks, in declaration order),
 * else the event's `reason` field. The engine and the portal both call this, so mail and portal
 * never disagree.
 */
export function customerReason(flow: Pick<FlowDefinition, 'events'> | undefined, event: string | undefined, data: Record<string, unknown> | undefined, explicit?: string): string | undefined {
  if (explicit) return explicit;
  const fields = event ? flow?.events[event]?.fields : undefined;
  const texts = Object.entries(fields ?? {})
    .filter(([name, spec]) => spec.to_customer === true && typeof data?.[name] === 'string' && (data[name] as string).trim() !== '')
    .map(([name]) => (data![name] as string).trim());
  if (texts.length) return texts.join('\n\n');
  return typeof data?.reason === 'string' && data.reason !== '' ? data.reason : undefined;
}
