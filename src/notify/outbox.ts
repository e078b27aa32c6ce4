import { createHash, randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
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
  /**
   * `delivered`; `rejected` when the receiver refused for good (so a retry reports it again
   * instead of resending); `sending` when an attempt began and never recorded how it ended (the
   * process died while sending): the receiver may or may not have the message.
   */
  status: 'delivered' | 'rejected' | 'sending';
  messageId?: string;
  /** The refusal, for `rejected`. */
  error?: string;
  /** ISO instant it was recorded. */
  at: string;
}

/** A record written ahead of a send, made the key's record by {@link PreparedRecord.commit}. */
export interface PreparedRecord {
  /** Makes the prepared record the key's record in one atomic step: call it the moment the receiver accepted. */
  commit(): Promise<void>;
  /** Forgets the prepared record (the send failed before the receiver could accept it). */
  abandon(): Promise<void>;
}

/** Durable memory of sent messages, consulted before every send so nothing goes out twice. */
export interface Outbox {
  get(key: OutboxKey): Promise<OutboxRecord | undefined>;
  put(record: OutboxRecord): Promise<void>;
  /**
   * Writes `record` (the outcome hoped for) durably before the send; until it is committed,
   * `get` answers it as `sending`. All the slow work (directories, fsync) happens here, so what
   * is left after the receiver's acceptance is a single rename.
   */
  prepare(record: OutboxRecord): Promise<PreparedRecord>;
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

  private pathOf(key: OutboxKey): { dir: string; file: string; pending: string } {
    const name = fileName(key);
    const dir = join(this.dir, name.slice(0, 2));
    return { dir, file: join(dir, `${name}.json`), pending: join(dir, `${name}.sending.json`) };
  }

  private async read(file: string): Promise<OutboxRecord | undefined> {
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

  /** The record for `key` (`sending` for one prepared and never committed), or undefined if nothing was recorded. */
  async get(key: OutboxKey): Promise<OutboxRecord | undefined> {
    const { file, pending } = this.pathOf(key);
    const record = await this.read(file);
    if (record) return record;
    const prepared = await this.read(pending);
    return prepared ? { ...prepared, status: 'sending' } : undefined;
  }

  /** Records `record` durably; replaces an earlier record for the same key. */
  async put(record: OutboxRecord): Promise<void> {
    const { dir, file } = this.pathOf(record);
    await this.writeAtomically(dir, file, record);
  }

  /**
   * Writes `record` as the key's pending record (temp file, fsync, rename); the commit renames
   * it over the key's record. A rename is one system call the kernel completes even if the
   * process is killed right after, and it runs synchronously, so it never waits behind other
   * file work in Node's thread pool: the window between the receiver's acceptance and a record
   * that survives a kill is as short as a process can make it.
   */
  async prepare(record: OutboxRecord): Promise<PreparedRecord> {
    const { dir, file, pending } = this.pathOf(record);
    await this.writeAtomically(dir, pending, record);
    return {
      async commit() {
        try {
          renameSync(pending, file);
        } catch (err) {
          throw new OutboxError(file, (err as Error).message, { cause: err });
        }
        // After the rename, at leisure: the directory entry survives a power loss too.
        await syncDirectory(dir);
      },
      async abandon() {
        await unlink(pending).catch(() => undefined);
      },
    };
  }

  private async writeAtomically(dir: string, file: string, record: OutboxRecord): Promise<void> {
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

/** Flushes a directory's entries to disk; best effort (some file systems refuse to open a directory for it). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The rename itself is done; only its survival of a power loss is left to the file system.
  }
}

/** An outbox in a directory (created on first write), e.g. `config.notify.outboxDir`. */
export function createFileOutbox(dir: string): Outbox {
  return new FileOutbox(dir);
}
