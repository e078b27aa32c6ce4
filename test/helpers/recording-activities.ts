import type { PickAssigneeRequest, PickAssigneeResult, TicketActivityDeps } from '../../src/activities/ticket-activities';
import type { OwnerReport } from '../../src/assignment/directory-state';
import type { NotificationRequest, NotificationResult } from '../../src/notify/notification-request';

/**
 * Activity dependencies that record what the workflow asked for, for tests about the workflow
 * itself (which messages it requests, in which order, with which keys). Tests about delivery
 * use the real channels against real servers instead.
 */
export class RecordingActivities implements TicketActivityDeps {
  readonly notifications: NotificationRequest[] = [];
  readonly picks: PickAssigneeRequest[] = [];
  readonly reports: OwnerReport[] = [];
  private readonly counters = new Map<string, number>();

  constructor(readonly agents: Record<string, string[]> = { L1: ['anna', 'ben'], L2: ['clara', 'dirk'], L3: ['emil'] }) {}

  async notify(request: NotificationRequest): Promise<NotificationResult> {
    this.notifications.push(request);
    return { delivered: [{ channel: 'recorded', recipient: request.audience }], skipped: [] };
  }

  async pickAssignee(request: PickAssigneeRequest): Promise<PickAssigneeResult> {
    this.picks.push(request);
    const candidates = (this.agents[request.tier] ?? []).filter((agent) => !request.exclude.includes(agent));
    if (!candidates.length) return { why: `nobody left in ${request.tier}` };
    const turn = this.counters.get(request.tier) ?? 0;
    this.counters.set(request.tier, turn + 1);
    return { agent: candidates[turn % candidates.length]! };
  }

  async reportOwner(report: OwnerReport): Promise<void> {
    this.reports.push(report);
  }

  /** Notifications for one ticket as `template/audience` strings, in order. */
  kinds(ticket: string): string[] {
    return this.notifications.filter((request) => request.ticket.number === ticket).map((request) => `${request.kind}/${request.audience}`);
  }
}
