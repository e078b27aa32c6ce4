import type { Language, SopflowConfig } from '../config/schema';
import type { FlowDefinition } from '../flow/definition';
import { languageChain } from '../notify/language';
import type { NotificationRequest } from '../notify/notification-request';
import { buildTemplateValues } from '../notify/template-values';
import type { TemplateStore } from '../notify/templates/template-store';
import { customerReason } from '../ticket/customer-reason';
import type { TicketStatus, TimelineEntry } from '../ticket/types';

/** One item of the discussion the customer sees: a message to them or one from them. */
export interface DiscussionItem {
  at: string;
  direction: 'to-customer' | 'from-customer';
  subject?: string;
  text: string;
}

/** What the ticket looked like at one entry of its timeline (as much as the customer's messages need). */
interface TicketAt {
  state: string;
  assignee?: string;
  previousAssignee?: string;
  priority: string;
}

/**
 * The discussion as the customer had it: every message sent to them, rendered again from the
 * same templates and in the same language as the mail (the timeline records which message
 * went out at which step), and every message they wrote, in order. Nothing internal: team
 * notes, SLA events and staff messages never appear.
 */
export function customerDiscussion(input: {
  status: TicketStatus;
  timeline: TimelineEntry[];
  flow: FlowDefinition | undefined;
  config: SopflowConfig;
  templates: TemplateStore;
  timeZone: string | undefined;
}): DiscussionItem[] {
  const { status, timeline, flow, config, templates } = input;
  const items: DiscussionItem[] = [];
  let at: TicketAt = { state: status.state, priority: status.priority };
  for (const entry of timeline) {
    at = advance(at, entry);
    if (entry.kind === 'message') {
      const text = customerText(entry);
      if (text !== undefined) items.push({ at: entry.at, direction: 'from-customer', text, ...(subjectOf(entry) ? { subject: subjectOf(entry)! } : {}) });
    }
    for (const kind of entry.customerMessages ?? []) {
      const state = flow?.states[at.state];
      const request: NotificationRequest = {
        idempotencyKey: `${status.number}:${entry.seq}:${kind}:customer`,
        kind,
        audience: 'customer',
        ticket: {
          number: status.number,
          subject: status.subject,
          priority: at.priority,
          flowId: status.flow.id,
          flowTitle: status.flow.title,
          state: at.state,
          stateTitle: state?.title ?? at.state,
          ...(state?.titles ? { stateTitles: state.titles } : {}),
          ...(state?.tier ? { tier: state.tier } : {}),
          ...(at.assignee ? { assignee: at.assignee } : {}),
          ...(at.previousAssignee ? { previousAssignee: at.previousAssignee } : {}),
          slaStatus: status.slaStatus,
          ...(input.timeZone ? { timeZone: input.timeZone } : {}),
          customer: { id: status.customer, ...(status.customerName ? { name: status.customerName } : {}), ...(status.language ? { language: status.language } : {}) },
        },
        ...(reasonOf(flow, entry) ? { reason: reasonOf(flow, entry)! } : {}),
        ...(entry.event ? { event: entry.event } : {}),
      };
      try {
        const languages = languageChain(status.language, config.languages.default);
        const first = languages[0] ?? config.languages.default;
        const message = templates.render(kind, 'customer', languages, buildTemplateValues(request, config, first as Language));
        items.push({ at: entry.at, direction: 'to-customer', subject: message.subject, text: message.body });
      } catch {
        // A template that no longer renders must not hide the rest of the discussion.
      }
    }
  }
  return items;
}

function advance(at: TicketAt, entry: TimelineEntry): TicketAt {
  if ((entry.kind === 'created' || entry.kind === 'transition') && entry.to) return { ...at, state: entry.to };
  if (entry.kind === 'assigned' && entry.agent) {
    const previous = typeof entry.data?.previous === 'string' ? entry.data.previous : undefined;
    return { ...at, assignee: entry.agent, ...(previous ? { previousAssignee: previous } : {}) };
  }
  if (entry.kind === 'priority_changed' && typeof entry.data?.to === 'string') return { ...at, priority: entry.data.to };
  if (entry.kind === 'created' && typeof entry.data?.priority === 'string') return { ...at, priority: entry.data.priority };
  return at;
}

/** The reason the customer's mail for this entry carried (the same rule as the engine's). */
function reasonOf(flow: FlowDefinition | undefined, entry: TimelineEntry): string | undefined {
  // Assignments keep their reason in the entry itself; transitions in their event's fields.
  if (entry.kind !== 'transition') return entry.reason ?? (typeof entry.data?.reason === 'string' ? entry.data.reason : undefined);
  return customerReason(flow, entry.event, entry.data, entry.reason);
}

/** The text of a customer's message entry; only messages from the customer (never staff notes). */
function customerText(entry: TimelineEntry): string | undefined {
  const data = entry.data ?? {};
  if (data.internal === true) return undefined;
  return typeof data.text === 'string' ? data.text : undefined;
}

function subjectOf(entry: TimelineEntry): string | undefined {
  return typeof entry.data?.subject === 'string' ? entry.data.subject : undefined;
}
