import { createHash } from 'node:crypto';

/** The domain part of a `From` value (`Desk <desk@example.org>` → `example.org`), for Message-IDs. */
export function mailDomain(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from.trim());
  return m?.[1] ?? 'sopflow.invalid';
}

/**
 * A Message-ID derived from the idempotency key and recipient: a resend after a crash between
 * sending and recording carries the same id, so mail systems and clients can drop the duplicate.
 */
export function messageIdFor(idempotencyKey: string, recipient: string, domain: string): string {
  const hash = createHash('sha256').update(`${idempotencyKey}\n${recipient.toLowerCase()}`).digest('hex').slice(0, 32);
  return `<${hash}.sopflow@${domain}>`;
}

/** A per-ticket thread id every message of the ticket refers to, so mail clients show one conversation. */
export function ticketThreadId(ticketNumber: string, domain: string): string {
  return `<ticket.${encodeURIComponent(ticketNumber)}.sopflow@${domain}>`;
}
