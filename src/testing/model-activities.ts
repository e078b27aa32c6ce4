import type { PickAssigneeRequest, PickAssigneeResult, TicketActivityDeps } from '../activities/ticket-activities';
import type { NotificationRequest, NotificationResult } from '../notify/notification-request';
import { pickModelAgent } from './model-agents';

/**
 * Activity dependencies of the model-test worker: they record, per ticket, which notifications
 * and assignments the workflow asked for, and pick owners exactly as the model does. Delivery
 * itself is not under test here; the workflow's requests are.
 */
export class ModelActivities implements TicketActivityDeps {
  private readonly notifications = new Map<string, string[]>();
  private readonly picks = new Map<string, string[]>();

  async notify(request: NotificationRequest): Promise<NotificationResult> {
    this.listOf(this.notifications, request.ticket.number).push(`${request.kind}/${request.audience}`);
    return Promise.resolve({ delivered: [{ channel: 'model-test', recipient: request.audience }], skipped: [] });
  }

  async pickAssignee(request: PickAssigneeRequest): Promise<PickAssigneeResult> {
    this.listOf(this.picks, request.ticket).push(request.tier);
    const agent = pickModelAgent(request.tier, request.exclude);
    return Promise.resolve(agent ? { agent } : { why: `nobody left in ${request.tier}` });
  }

  async reportOwner(): Promise<void> {
    // Owner reports keep the directory's loads; the model compares picks, not loads.
  }

  /** Notifications requested for a ticket so far, as `template/audience`, in the order they ran. */
  notificationsOf(ticket: string): readonly string[] {
    return this.notifications.get(ticket) ?? [];
  }

  /** Tiers an assignee was requested for, for a ticket so far. */
  picksOf(ticket: string): readonly string[] {
    return this.picks.get(ticket) ?? [];
  }

  /** Forgets a finished ticket. */
  forget(ticket: string): void {
    this.notifications.delete(ticket);
    this.picks.delete(ticket);
  }

  private listOf(map: Map<string, string[]>, ticket: string): string[] {
    let list = map.get(ticket);
    if (!list) map.set(ticket, (list = []));
    return list;
  }
}
