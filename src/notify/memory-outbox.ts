import type { Outbox, OutboxKey, OutboxRecord, PreparedRecord } from './outbox';

const id = (k: OutboxKey): string => `${k.idempotencyKey}\0${k.channel}\0${k.recipient}`;

/** An outbox in memory, for tests and demos where durability does not matter. */
export class MemoryOutbox implements Outbox {
  /** Every record, by key; exposed so tests can inspect what was sent. */
  readonly records = new Map<string, OutboxRecord>();
  /** Records prepared and not yet committed, by key. */
  readonly pending = new Map<string, OutboxRecord>();

  async get(key: OutboxKey): Promise<OutboxRecord | undefined> {
    const record = this.records.get(id(key));
    if (record) return record;
    const prepared = this.pending.get(id(key));
    return prepared ? { ...prepared, status: 'sending' } : undefined;
  }

  async put(record: OutboxRecord): Promise<void> {
    this.records.set(id(record), { ...record });
  }

  async prepare(record: OutboxRecord): Promise<PreparedRecord> {
    this.pending.set(id(record), { ...record });
    return {
      commit: async () => {
        this.records.set(id(record), { ...record });
        this.pending.delete(id(record));
      },
      abandon: async () => {
        this.pending.delete(id(record));
      },
    };
  }
}
