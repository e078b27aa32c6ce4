import { ticketOfMessageId } from '../notify/channels/message-id';

// Ticket numbers as `newTicketNumber` makes them (SOP-261122-7K3MQ); read case-insensitively
// because people retype them.
const TICKET_NUMBER = /\bSOP-\d{6}-[0-9A-Z]{5,8}\b/gi;

/** Ticket numbers written in a text (a subject), upper-cased, first occurrence first. */
export function ticketNumbersIn(text: string): string[] {
  return [...new Set([...text.matchAll(TICKET_NUMBER)].map((m) => m[0].toUpperCase()))];
}

/**
 * The ticket a mail's In-Reply-To and References name through one of our signed message ids
 * (In-Reply-To first: it is the message answered). Forged or foreign ids name nothing.
 */
export function ticketOfHeaders(inReplyTo: readonly string[], references: readonly string[], secret: string): string | undefined {
  for (const id of [...inReplyTo, ...[...references].reverse()]) {
    const number = ticketOfMessageId(id, secret);
    if (number) return number;
  }
  return undefined;
}
