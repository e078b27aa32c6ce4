import { ImapFlow } from 'imapflow';
import type { IntakeCore } from './intake-core';
import { IntakeRetryLaterError } from './intake-errors';
import type { IntakeOutcome } from './intake-request';
import { ImapStateFile } from './imap-state';
import type { ReviewStore } from './review-store';
import { describe } from './smtp-source';

/** Where the IMAP source reads and files mail. */
export interface ImapSourceOptions {
  core: IntakeCore;
  review: ReviewStore;
  host: string;
  port: number;
  secure: boolean;
  auth: { user: string; pass: string };
  mailbox: string;
  processed: string;
  failed: string;
  reviewFolder: string;
  /** Polling fallback interval. */
  pollMs: number;
  /** The UIDVALIDITY/UID state file. */
  stateFile: string;
  /** Mails handled per mailbox lock, so a long backlog does not hold the lock for minutes. */
  batchSize?: number;
  log?: (line: string) => void;
}

/** A running IMAP source. */
export interface ImapSource {
  /** Resolves after the next complete pass over the inbox (tests, and a manual "check now"). */
  pass(): Promise<void>;
  stop(): Promise<void>;
}

/** How often an unexpected error (not an outage) may hit one mail before it goes to Failed. */
const MAX_ATTEMPTS = 3;

/**
 * Reads an IMAP mailbox with imapflow. Every pass takes the mailbox lock, handles a batch of the
 * mails in the inbox in UID order and releases it; between passes the connection IDLEs (new mail
 * ends the wait early) and a timer polls anyway, because IDLE may report new mail late (GreenMail
 * took ~15 s) and never while a lock is held. A mail is moved to Processed (or Review, or Failed)
 * only after Temporal confirmed its ticket or message; nothing is ever deleted. While Temporal
 * cannot confirm, mail stays in the inbox and the pass ends; the next one tries again.
 */
export function startImapSource(options: ImapSourceOptions): ImapSource {
  const log = options.log ?? (() => undefined);
  const state = new ImapStateFile(options.stateFile);
  const attempts = new Map<number, number>();
  let stopped = false;
  let client: ImapFlow | undefined;
  let wake: (() => void) | undefined;
  let passWaiters: Array<() => void> = [];

  const connect = async (): Promise<ImapFlow> => {
    const next = new ImapFlow({ host: options.host, port: options.port, secure: options.secure, auth: options.auth, logger: false, maxIdleTime: options.pollMs });
    next.on('error', (error: Error) => log(`imap error: ${error.message}`));
    next.on('exists', () => wake?.());
    await next.connect();
    for (const folder of [options.processed, options.failed, options.reviewFolder]) {
      const existing = await next.list();
      if (!existing.some((box) => box.path === folder)) await next.mailboxCreate(folder);
    }
    return next;
  };

  const folderFor = (outcome: IntakeOutcome): string => (outcome.kind === 'failed' ? options.failed : outcome.kind === 'parked' ? options.reviewFolder : options.processed);

  /** One pass: returns true when the inbox may hold more (a full batch), false when drained or Temporal is away. */
  const pass = async (imap: ImapFlow): Promise<boolean> => {
    const lock = await imap.getMailboxLock(options.mailbox);
    try {
      const mailbox = imap.mailbox;
      const remembered = state.open(mailbox === false ? 0 : mailbox.uidValidity);
      // Confirmed before a crash, not moved yet: move without asking Temporal again.
      for (const [uid, folder] of Object.entries(remembered.pendingMoves)) {
        await imap.messageMove(uid, folder, { uid: true });
        delete remembered.pendingMoves[uid];
        state.save();
      }
      const uids = ((await imap.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
      const batch = uids.slice(0, options.batchSize ?? 50);
      for (const uid of batch) {
        if (stopped) return false;
        const message = await imap.fetchOne(String(uid), { source: true, uid: true }, { uid: true });
        if (!message || !message.source) continue;
        let outcome: IntakeOutcome;
        try {
          outcome = await options.core.receiveMail(message.source);
        } catch (error) {
          if (error instanceof IntakeRetryLaterError) {
            log(`left in ${options.mailbox} (UID ${uid}): ${error.reason}`);
            return false;
          }
          const count = (attempts.get(uid) ?? 0) + 1;
          attempts.set(uid, count);
          const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
          if (count < MAX_ATTEMPTS) {
            log(`UID ${uid} failed (attempt ${count} of ${MAX_ATTEMPTS}): ${reason}`);
            continue;
          }
          outcome = { kind: 'failed', reason: `failed ${MAX_ATTEMPTS} times: ${reason}` };
        }
        attempts.delete(uid);
        log(`UID ${uid}: ${describe(outcome)}`);
        if (outcome.kind === 'failed' || outcome.kind === 'parked') options.review.keep(outcome.kind, message.source, outcome.reason);
        const folder = folderFor(outcome);
        remembered.pendingMoves[String(uid)] = folder;
        remembered.highestUid = Math.max(remembered.highestUid, uid);
        state.save();
        await imap.messageMove(String(uid), folder, { uid: true });
        delete remembered.pendingMoves[String(uid)];
        state.save();
      }
      return batch.length < uids.length;
    } finally {
      lock.release();
    }
  };

  const run = async (): Promise<void> => {
    let backoff = 1000;
    while (!stopped) {
      try {
        client ??= await connect();
        backoff = 1000;
        const more = await pass(client);
        const waiters = passWaiters;
        passWaiters = [];
        for (const done of waiters) done();
        if (more) continue;
        // No lock is held now: imapflow IDLEs, and an `exists` event or the poll timer ends the wait.
        await new Promise<void>((resume) => {
          const timer = setTimeout(resume, options.pollMs);
          wake = () => {
            clearTimeout(timer);
            resume();
          };
        });
        wake = undefined;
      } catch (error) {
        log(`imap: ${(error as Error).message}; reconnecting in ${backoff / 1000} s`);
        const broken = client;
        client = undefined;
        await broken?.logout().catch(() => broken.close());
        await new Promise((resume) => setTimeout(resume, backoff));
        backoff = Math.min(backoff * 2, 60_000);
      }
    }
  };
  const running = run();

  return {
    pass: () =>
      new Promise<void>((done) => {
        passWaiters.push(done);
        wake?.();
      }),
    async stop() {
      stopped = true;
      wake?.();
      await running;
      await client?.logout().catch(() => client?.close());
    },
  };
}
