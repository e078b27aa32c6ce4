import type { NotificationOutcome } from '../activities/ticket-activities';
import type { NotificationRequest } from '../notify/notification-request';
import { failureMessage } from './failure-message';

/**
 * A ticket's outgoing messages, delivered strictly in order, in batches. Whatever queues up while
 * a batch is on its way goes out together in the next one, so a busy ticket costs a few
 * activities rather than one per message. A batch that needs the durable path (a channel is
 * down) holds the later ones back, so order holds.
 */
export class NotificationQueue {
  private waiting: NotificationRequest[] = [];
  private chain: Promise<void> = Promise.resolve();
  private flushQueued = false;

  constructor(
    /** Sends a batch (a quick local attempt, then a durable activity); resolves with one outcome per message. */
    private readonly deliver: (batch: NotificationRequest[]) => Promise<NotificationOutcome[]>,
    /** Called for each message refused for good, with the reason. */
    private readonly refused: (request: NotificationRequest, reason: string) => void,
  ) {}

  /** Queues messages; they go out after everything queued before them. */
  add(requests: NotificationRequest[]): void {
    if (requests.length === 0) return;
    this.waiting.push(...requests);
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.chain = this.chain.then(() => this.flush());
  }

  /** Resolves once every queued message is delivered or refused, including any queued meanwhile. */
  async drained(): Promise<void> {
    for (let chain = this.chain; ; chain = this.chain) {
      await chain;
      if (chain === this.chain) return;
    }
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    const batch = this.waiting.splice(0);
    let outcomes: NotificationOutcome[];
    try {
      outcomes = await this.deliver(batch);
    } catch (error) {
      // Out of retries (days of outage): every message of the batch counts as not delivered.
      const reason = failureMessage(error);
      outcomes = batch.map((request) => ({ idempotencyKey: request.idempotencyKey, failed: reason }));
    }
    for (const [index, outcome] of outcomes.entries()) {
      const request = batch[index];
      if (request && outcome.failed !== undefined) this.refused(request, outcome.failed);
    }
  }
}
