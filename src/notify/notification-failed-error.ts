import type { DeliveryError } from './channels/delivery-error';
import type { NotificationResult } from './notification-request';

/**
 * Some messages of a notification could not be delivered. Carries what did go out, so the
 * caller can report it, and every failure, so it can decide between retrying and giving up.
 */
export class NotificationFailedError extends Error {
  override readonly name = 'NotificationFailedError';

  constructor(
    readonly idempotencyKey: string,
    readonly failures: readonly DeliveryError[],
    readonly partial: NotificationResult,
  ) {
    super(`notification ${idempotencyKey}: ${failures.map((f) => f.message).join('; ')}`);
  }

  /** True when retrying can help: at least one failure was transient. */
  get retryable(): boolean {
    return this.failures.some((f) => !f.permanent);
  }
}
