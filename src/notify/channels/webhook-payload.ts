import type { NotificationRequest } from '../notification-request';

/**
 * The JSON body sopflow POSTs to the configured webhook. Stable contract for integrators:
 * fields are never removed; absent values are `null`, not missing.
 *
 * ```json
 * { "id": "SD-1:7:sla_warning:team", "event": "sla_warning", "kind": "sla_warning", "audience": "team",
 *   "ticket": { "number": "SD-1", "subject": "VPN down", "priority": "high", "assignee": "k.becker",
 *               "previousAssignee": null, "dueAt": "2025-11-24T15:00:00.000Z", "customerId": "c-17" },
 *   "flow": { "id": "vpn", "title": "VPN-Störung" }, "state": { "id": "diagnose", "title": "Diagnose" },
 *   "tier": "L2", "slaStatus": "warning", "reason": "Lösungszeit", "link": "http://…/tickets/SD-1" }
 * ```
 */
export interface WebhookPayload {
  /** The idempotency key: the same notification always has the same id, so receivers can dedupe. */
  id: string;
  /** The flow event that caused it, or the kind when there was none. */
  event: string;
  /** Template kind, e.g. status_changed, sla_breached. */
  kind: string;
  /** team or escalation_manager. */
  audience: string;
  ticket: {
    number: string;
    subject: string;
    priority: string;
    assignee: string | null;
    previousAssignee: string | null;
    /** ISO instant. */
    dueAt: string | null;
    customerId: string;
  };
  flow: { id: string; title: string };
  state: { id: string; title: string };
  tier: string | null;
  slaStatus: string;
  reason: string | null;
  link: string;
}

/** Builds the webhook body for a request. */
export function buildWebhookPayload(request: NotificationRequest, link: string): WebhookPayload {
  const t = request.ticket;
  return {
    id: request.idempotencyKey,
    event: request.event ?? request.kind,
    kind: request.kind,
    audience: request.audience,
    ticket: {
      number: t.number,
      subject: t.subject,
      priority: t.priority,
      assignee: t.assignee ?? null,
      previousAssignee: t.previousAssignee ?? null,
      dueAt: t.dueAt ?? null,
      customerId: t.customer.id,
    },
    flow: { id: t.flowId, title: t.flowTitle },
    state: { id: t.state, title: t.stateTitle },
    tier: t.tier ?? null,
    slaStatus: t.slaStatus,
    reason: request.reason ?? null,
    link,
  };
}
