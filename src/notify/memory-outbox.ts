import type { Outbox, OutboxKey, OutboxRecord } from './outbox';

const id = (k: OutboxKey): string => `${k.idempotencyKey}\0${k.channel}\0${k.recipient}`;

/** An outbox in memory, for tests and demos where durability does not matter. */
export class MemoryOutbox implements Outbox {
  /** Every record, by key; exposed so tests can inspect what was sent. */
  readonly records = new Map<string, OutboxRecord>();

  async get(key: OutboxKey): Promise<OutboxRecord | undefined> {
    return this.records.get(id(key));
  }

  async put(record: OutboxRecord): Promise<void> {
    this.records.set(id(record), { ...record });
  }
}
