import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Message ids of the mails sopflow sends carry the ticket number and an HMAC of it under a secret
 * only sopflow knows, so intake can thread a reply by its In-Reply-To/References without trusting
 * anyone who merely knows (or guesses) a ticket number. Unsigned ids are never trusted.
 */

/** Length (hex characters) of the MAC in an id: 64 bits, plenty against guessing, short in headers. */
const MAC_HEX = 16;

/** The domain part of a `From` value (`Desk <desk@example.org>` → `example.org`), for Message-IDs. */
export function mailDomain(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from.trim());
  return m?.[1] ?? 'sopflow.invalid';
}

function ticketMac(ticketNumber: string, secret: string): string {
  return createHmac('sha256', secret).update(`ticket\n${ticketNumber}`).digest('hex').slice(0, MAC_HEX);
}

function ticketPart(ticketNumber: string, secret: string): string {
  return `ticket.${encodeURIComponent(ticketNumber)}.${ticketMac(ticketNumber, secret)}`;
}

/**
 * A Message-ID derived from the idempotency key and recipient: a resend after a crash between
 * sending and recording carries the same id, so mail systems and clients can drop the duplicate.
 * It also names the ticket, signed, so a reply that keeps only In-Reply-To still threads.
 */
export function messageIdFor(idempotencyKey: string, recipient: string, domain: string, ticketNumber: string, secret: string): string {
  const hash = createHash('sha256').update(`${idempotencyKey}\n${recipient.toLowerCase()}`).digest('hex').slice(0, 32);
  return `<${hash}.${ticketPart(ticketNumber, secret)}.sopflow@${domain}>`;
}

/** A per-ticket thread id every message of the ticket refers to, so mail clients show one conversation. */
export function ticketThreadId(ticketNumber: string, domain: string, secret: string): string {
  return `<${ticketPart(ticketNumber, secret)}.sopflow@${domain}>`;
}

const SIGNED_ID = /(?:^|\.)ticket\.([^.@<>\s]+)\.([0-9a-f]{16})\.sopflow@/;

/**
 * The ticket number a message id names, when it is one of ours and its MAC is right; undefined
 * for foreign ids, unsigned or tampered ones. Compared in constant time.
 */
export function ticketOfMessageId(messageId: string, secret: string): string | undefined {
  const m = SIGNED_ID.exec(messageId.trim().replace(/^<|>$/g, ''));
  if (!m) return undefined;
  let ticketNumber: string;
  try {
    ticketNumber = decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
  const expected = Buffer.from(ticketMac(ticketNumber, secret));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? ticketNumber : undefined;
}
