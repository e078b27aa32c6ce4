import type { TimelineEntry } from '../../ticket/types';
import type { TicketView } from './live-hub';

const PREFIX = 'portal:';

/** The live topic of a ticket's portal page: its viewers hear only of what the customer may see. */
export function portalTopic(number: string): string {
  return `${PREFIX}${number}`;
}

/** The ticket number of a portal topic, or undefined for any other topic. */
export function portalTopicTicket(topic: string): string | undefined {
  return topic.startsWith(PREFIX) ? topic.slice(PREFIX.length) : undefined;
}

/**
 * What of a ticket the portal shows, as a string that changes exactly when the page would: the
 * step, its kind, the contact, the due date, and the timeline entries behind the latest action and
 * the discussion. An internal note, an SLA warning or a team notification leaves it unchanged, so
 * a customer's open page never learns that something happened behind the scenes.
 */
export function portalFingerprint(view: Pick<TicketView, 'status' | 'timeline'>): string {
  const { status, timeline } = view;
  return JSON.stringify([status.state, status.kind, status.assignee ?? null, status.dueAt ?? null, timeline.filter(customerSees).map((entry) => entry.seq)]);
}

function customerSees(entry: TimelineEntry): boolean {
  if (entry.customerMessages?.length) return true;
  if (entry.kind === 'created' || entry.kind === 'transition') return true;
  return entry.kind === 'message' && entry.data?.internal !== true;
}
