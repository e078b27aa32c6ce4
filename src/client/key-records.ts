import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';

/** Workflow type and task queue of key records: no worker runs them; they only hold a memo. */
const KEY_RECORD_TYPE = 'sopflowIdempotencyKeyRecord';
const KEY_RECORD_QUEUE = 'sopflow-key-records';

/** How long a key stays answered by its record (then the namespace's retention keeps it a while longer). */
export const KEY_RECORD_LIFETIME_MS = 30 * 24 * 3_600_000;

/**
 * Which ticket an idempotency key (a Message-ID, an API client's key, a form's key) made or
 * joined, recorded in Temporal under an id derived from the key alone. A keyed ticket's number
 * also carries a date (the mail's Date, or today without one), so a redelivery on a later day, or
 * with another Date, derives another number: the record still finds the first ticket. Like the
 * sign-in records, a record is a workflow that never runs (no worker polls its queue): starting it
 * with "reject duplicate" is atomic for the whole cluster, and it closes by its timeout.
 */
export class KeyRecords {
  constructor(private readonly client: Client) {}

  /** The ticket the key was recorded for, or undefined. */
  async ticketOf(key: string): Promise<string | undefined> {
    try {
      const description = await this.client.workflow.getHandle(recordId(key)).describe();
      const ticket = description.memo?.['ticket'];
      return typeof ticket === 'string' ? ticket : undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  /** Records the key's ticket; a key already recorded keeps its first ticket (which is returned). */
  async record(key: string, ticket: string): Promise<string> {
    try {
      await this.client.workflow.start(KEY_RECORD_TYPE, {
        workflowId: recordId(key),
        taskQueue: KEY_RECORD_QUEUE,
        args: [],
        memo: { ticket },
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowExecutionTimeout: KEY_RECORD_LIFETIME_MS,
      });
      return ticket;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      return (await this.ticketOf(key)) ?? ticket;
    }
  }
}

/** `sopflow-key-<hash>`: the key itself may be long or contain anything a mail header allows. */
function recordId(key: string): string {
  return `sopflow-key-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}
