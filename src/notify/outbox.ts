import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Identifies one message: which notification, on which channel, to whom. */
export interface OutboxKey {
  idempotencyKey: string;
  channel: string;
  recipient: string;
}

/** What happened to one message, as remembered across retries and restarts. */
export interface OutboxRecord extends OutboxKey {
  /** `delivered`, or `rejected` when the receiver refused for good (so a retry reports it again instead of resending). */
  status: 'delivered' | 'rejected';
  messageId?: string;
  /** The refusal, for `rejected`. */
  error?: string;
  /** ISO instant it was recorded. */
  at: string;
}

/** Durable memory of sent messages, consulted before every send so nothing goes out twice. */
export interface Outbox {
  get(key: OutboxKey): Promise<OutboxRecord | undefined>;
  put(record: OutboxRecord): Promise<void>;
}

/** Thrown when the outbox cannot read or write its directory; names the path. */
export class OutboxError extends Error {
  override readonly name = 'OutboxError';

  constructor(
    readonly path: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`outbox ${path}: ${detail}`, options);
  }
}

function fileName(key: OutboxKey): string {
  // Hash, because keys and recipients contain characters no file system likes (':' '@' '/').
  return createHash('sha256').update(`${key.idempotencyKey}\0${key.channel}\0${key.recipient}`).digest('hex');
}

/**
 * An outbox as a directory of small JSON files, one per message, sharded by hash prefix.
 * One file per message (rather than one log) means concurrent workers never contend for a
 * file, and a record is written atomically (temp file, fsync, rename) so a crash leaves
 * either the whole record or none.
 */
export class FileOutbox implements Outbox {
  constructor(readonly dir: string) {}

  private pathOf(key: OutboxKey): { dir: string; file: string } {
    const name = fileName(key);
    const dir = join(this.dir, name.slice(0, 2));
    return { dir, file: join(dir, `${name}.json`) };
  }

  /** The record for `key`, or undefined if nothing was recorded. */
  async get(key: OutboxKey): Promise<OutboxRecord | undefined> {
    const { file } = this.pathOf(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new OutboxError(file, (err as Error).message, { cause: err });
    }
    try {
      return JSON.parse(text) as OutboxRecord;
    } catch (err) {
      throw new OutboxError(file, `unreadable record: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Records `record` durably; replaces an earlier record for the same key. */
  async put(record: OutboxRecord): Promise<void> {
    const { dir, file } = this.pathOf(record);
    const tmp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(dir, { recursive: true });
      const handle = await open(tmp, 'w');
      try {
        await handle.writeFile(JSON.stringify(record) + '\n', 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw new OutboxError(file, (err as Error).message, { cause: err });
    }
  }
}

/** An outbox in a directory (created on first write), e.g. `config.notify.outboxDir`. */
export function createFileOutbox(dir: string): Outbox {
  return new FileOutbox(dir);
}
