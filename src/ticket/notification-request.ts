import type { NotificationRequest } from '../notify/notification-request';
import type { EngineEffect, TicketEngine } from './engine';

/**
 * Builds the request the `notify` activity receives. The idempotency key names the ticket, the
 * step that caused the message, the template and the audience: retries and replays of the same
 * step produce the same key, so a message is never sent twice.
 */
export function notificationRequest(engine: TicketEngine, effect: Extract<EngineEffect, { kind: 'notify' }>, now: number): NotificationRequest {
  const status = engine.status(now);
  const ticket = engine.ticket;
  return {
    idempotencyKey: `${ticket.number}:${effect.seq}:${effect.template}:${effect.audience}`,
    kind: effect.template,
    audience: effect.audience,
    ticket: {
      number: ticket.number,
      subject: ticket.subject,
      priority: status.priority,
      flowId: engine.flow.id,
      flowTitle: engine.flow.title,
      state: status.state,
      stateTitle: status.stateTitle,
      ...(status.tier ? { tier: status.tier } : {}),
      ...(status.assignee ? { assignee: status.assignee } : {}),
      ...(status.dueAt ? { dueAt: status.dueAt } : {}),
      slaStatus: status.slaStatus,
      timeZone: engine.calendar.timezone,
      customer: ticket.customer,
    },
    ...(effect.reason ? { reason: effect.reason } : {}),
    ...(effect.event ? { event: effect.event } : {}),
    ...(effect.message !== undefined ? { message: effect.message } : {}),
  };
}
