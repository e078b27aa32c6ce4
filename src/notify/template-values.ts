import type { Language, SopflowConfig } from '../config/schema';
import { agentDisplayName } from './agent-directory';
import { formatDateTime } from './format-date';
import type { NotificationRequest } from './notification-request';
import type { TemplateValues } from './templates/variables';
import { portalToken } from '../web/auth/portal-token';
import { webSecret } from '../web/auth/web-secret';
import { pickText } from '../flow/localized-text';

/** The agents' page of a ticket (behind sign-in): the link staff messages carry. */
export function agentTicketLink(config: SopflowConfig, ticketNumber: string): string {
  return `${config.web.baseUrl.replace(/\/+$/, '')}/agent/tickets/${encodeURIComponent(ticketNumber)}`;
}

/** The customer's portal link to a ticket, with the token that opens it (see src/web/auth/portal-token.ts). */
export function ticketLink(config: SopflowConfig, ticketNumber: string, customerId: string): string {
  const token = portalToken(webSecret(config.web.secretFile), ticketNumber, customerId);
  return `${config.web.baseUrl.replace(/\/+$/, '')}/tickets/${encodeURIComponent(ticketNumber)}?t=${token}`;
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
    'ticket.stateTitle': pickText(t.stateTitles, t.stateTitle, language),
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
    // The customer's link opens their ticket with its token; staff get the agent page, behind sign-in.
    link: request.audience === 'customer' ? ticketLink(config, t.number, t.customer.id) : agentTicketLink(config, t.number),
    'flow.id': t.flowId,
    'flow.title': t.flowTitle,
  };
}
