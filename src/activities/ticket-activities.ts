import type { NotificationRequest, NotificationResult } from '../notify/notification-request';

/** What `pickAssignee` is asked. */
export interface PickAssigneeRequest {
  ticket: string;
  tier: 'L1' | 'L2' | 'L3';
  skill?: string;
  fields: Record<string, unknown>;
  exclude: string[];
}

/** Who was picked, or why nobody could be. */
export interface PickAssigneeResult {
  agent?: string;
  why?: string;
}

/** The dependencies the ticket activities are built from, so tests can hand in real or recording ones. */
export interface TicketActivityDeps {
  notify(request: NotificationRequest): Promise<NotificationResult>;
  pickAssignee(request: PickAssigneeRequest): Promise<PickAssigneeResult>;
}

/** Builds the activities a ticket workflow calls. Activities are the only place with I/O. */
export function createTicketActivities(deps: TicketActivityDeps) {
  return {
    /** Delivers one notification on every channel its audience uses; idempotent per request key. */
    async notify(request: NotificationRequest): Promise<NotificationResult> {
      return deps.notify(request);
    },
    /** Picks an agent of the tier's pool who is present and has capacity. */
    async pickAssignee(request: PickAssigneeRequest): Promise<PickAssigneeResult> {
      return deps.pickAssignee(request);
    },
  };
}

/** The activity interface the workflow proxies. */
export type TicketActivities = ReturnType<typeof createTicketActivities>;
