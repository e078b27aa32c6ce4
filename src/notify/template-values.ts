import type { Language, SopflowConfig } from '../config/schema';
import { agentDisplayName } from './agent-directory';
import { formatDateTime } from './format-date';
import type { NotificationRequest } from './notification-request';
import type { TemplateValues } from './templates/variables';

/** Portal link to a ticket. */
export function ticketLink(config: SopflowConfig, ticketNumber: string): string {
  return `${config.portal.baseUrl.replace(/\/+$/, '')}/tickets/${encodeURIComponent(ticketNumber)}`;
}

/**
 * Fills every template variable for one request in one language. All variables are always
 * present (empty when unknown) so strict rendering only fails on names outside the list.
 */
export function buildTemplateValues(request: NotificationRequest, config: SopflowConfig, language: Language): TemplateValues {
  const t = request.ticket;
  const zone = t.timeZone ?? config.notify.timeZone;
  return {
    'ticket.number': t.number,
    'ticket.subject': t.subject,
    'ticket.state': t.state,
    'ticket.stateTitle': t.stateTitle,
    'ticket.tier': t.tier ?? '',
    'ticket.priority': t.priority,
    'ticket.assignee': agentDisplayName(config, t.assignee),
    'ticket.dueAt': t.dueAt ? formatDateTime(t.dueAt, language, zone) : '',
    'ticket.slaStatus': t.slaStatus,
    'ticket.customerName': t.customer.name ?? '',
    'ticket.customerEmail': t.customer.email ?? '',
    previousAssignee: agentDisplayName(config, t.previousAssignee),
    reason: request.reason ?? '',
    event: request.event ?? '',
    message: request.message ?? '',
    link: ticketLink(config, t.number),
    'flow.id': t.flowId,
    'flow.title': t.flowTitle,
  };
}
