import { ApplicationFailure } from '@temporalio/common';
import type { SopflowConfig } from '../config/schema';
import { InvalidNotificationRequestError } from '../notify/invalid-request-error';
import type { NotificationRequest, NotificationResult } from '../notify/notification-request';
import { NotificationFailedError } from '../notify/notification-failed-error';
import { Notifier } from '../notify/notifier';
import type { Outbox } from '../notify/outbox';
import { TemplateError } from '../notify/templates/template-error';
import type { TemplateStore } from '../notify/templates/template-store';

export type { NotificationRequest, NotificationResult } from '../notify/notification-request';

/** Error types the notify activity fails with; list `PermanentDeliveryFailure` in `nonRetryableErrorTypes` for belt and braces. */
export const NOTIFY_FAILURE_TYPES = {
  permanent: 'PermanentDeliveryFailure',
  transient: 'TransientDeliveryFailure',
  template: 'NotificationTemplateError',
  invalidRequest: 'InvalidNotificationRequest',
} as const;

/** What the notify activities are built from. */
export interface NotifyActivityDeps {
  config: SopflowConfig;
  outbox: Outbox;
  templates?: TemplateStore;
  now?: () => number;
}

/**
 * Maps notifier errors to Temporal failures: a transient delivery problem is retryable (Temporal
 * backs off); a permanent refusal, a broken template or a malformed request is not, because
 * retrying would only delay the workflow's `delivery_failed` alert to the team.
 */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof NotificationFailedError) {
    const details = {
      delivered: err.partial.delivered,
      skipped: err.partial.skipped,
      failures: err.failures.map((f) => ({ channel: f.channel, recipient: f.recipient, permanent: f.permanent, detail: f.detail })),
    };
    if (err.retryable) {
      const waits = err.failures.map((f) => f.retryAfterMs).filter((ms): ms is number => ms !== undefined);
      return ApplicationFailure.create({
        type: NOTIFY_FAILURE_TYPES.transient,
        message: err.message,
        nonRetryable: false,
        details: [details],
        ...(waits.length > 0 ? { nextRetryDelay: Math.max(...waits) } : {}),
        cause: err,
      });
    }
    return ApplicationFailure.nonRetryable(err.message, NOTIFY_FAILURE_TYPES.permanent, details);
  }
  if (err instanceof TemplateError) return ApplicationFailure.nonRetryable(err.message, NOTIFY_FAILURE_TYPES.template);
  if (err instanceof InvalidNotificationRequestError) return ApplicationFailure.nonRetryable(err.message, NOTIFY_FAILURE_TYPES.invalidRequest);
  // Anything else (outbox disk trouble, bugs) is retried; Temporal's policy bounds it.
  return err;
}

/** Builds the `notify` activity: renders the template and delivers on every channel of the audience, at most once per key. */
export function createNotifyActivities(deps: NotifyActivityDeps) {
  const notifier = new Notifier(deps);
  return {
    /** Sends one notification; idempotent per `request.idempotencyKey` across retries and worker restarts. */
    async notify(request: NotificationRequest): Promise<NotificationResult> {
      try {
        return await notifier.deliver(request);
      } catch (err) {
        throw toActivityFailure(err);
      }
    },
  };
}

/** The activity interface a workflow proxies. */
export type NotifyActivities = ReturnType<typeof createNotifyActivities>;
