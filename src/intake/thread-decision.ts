/** What intake knows about a ticket a mail refers to (read from Temporal by the intake core). */
export interface TicketFacts {
  number: string;
  exists: boolean;
  open: boolean;
  flow?: string;
  /** ISO instant the ticket closed, for closed tickets. */
  closedAt?: string;
  customerId?: string;
  customerEmail?: string;
  subject?: string;
}

/** Everything the threading decision reads; all facts are gathered before, so the rule is pure. */
export interface ThreadInput {
  /** Lower-cased sender address. */
  sender: string;
  /** The ticket named by one of our signed message ids in In-Reply-To/References. */
  byHeaders?: TicketFacts;
  /** The ticket named in the subject (or by the API caller). */
  bySubject?: TicketFacts;
  /** Agents' addresses, lower-cased: they take part in every ticket. */
  agentAddresses: ReadonlySet<string>;
  /** How long after closing a reply still counts as a follow-up of that ticket, by flow. */
  reopenWindowMs: (flow: string | undefined) => number;
  now: number;
}

/** Where a mail goes, and why (written to the ticket's timeline). */
export type ThreadDecision =
  | { kind: 'append'; number: string; reason: string }
  /** A new ticket; `linkedTo` is the ticket it named; `followUp` when it continues a recently closed one (same flow). */
  | { kind: 'new'; reason: string; linkedTo?: string; followUp?: { number: string; flow: string; subject?: string } };

/**
 * Threading, strongest evidence first (what Zammad users expect, without its #5064: anyone who
 * knows a number appending to a stranger's ticket):
 * 1. our signed message id in In-Reply-To/References: the sender answered our mail;
 * 2. the ticket number in the subject, only when the sender takes part in that ticket
 *    (its customer or an agent);
 * 3. otherwise a new ticket, linked to the ticket it named.
 * A closed ticket is never appended to: within its flow's reopen window the reply opens a
 * follow-up ticket on the same flow, later an ordinary new one, both linked.
 */
export function decideThread(input: ThreadInput): ThreadDecision {
  const header = input.byHeaders;
  if (header?.exists) return toTicket(header, `replies to our mail about ${header.number} (signed message id in In-Reply-To/References)`, input);
  const subject = input.bySubject;
  if (subject?.exists) {
    if (isParticipant(subject, input)) return toTicket(subject, `names ${subject.number} in the subject and ${input.sender} takes part in it`, input);
    return { kind: 'new', linkedTo: subject.number, reason: `names ${subject.number} in the subject, but ${input.sender} is not its customer or an agent: a new ticket, linked` };
  }
  if (subject) return { kind: 'new', reason: `names ${subject.number}, which does not exist: a new ticket` };
  if (header) return { kind: 'new', reason: `replies to a mail about ${header.number}, which no longer exists: a new ticket` };
  return { kind: 'new', reason: 'names no ticket: a new ticket' };
}

function isParticipant(ticket: TicketFacts, input: ThreadInput): boolean {
  const sender = input.sender.toLowerCase();
  return ticket.customerEmail?.toLowerCase() === sender || ticket.customerId?.toLowerCase() === sender || input.agentAddresses.has(sender);
}

function toTicket(ticket: TicketFacts, why: string, input: ThreadInput): ThreadDecision {
  if (ticket.open) return { kind: 'append', number: ticket.number, reason: why };
  return closedTicket(ticket, why, input);
}

/** A ticket that closed: a follow-up within the reopen window, an ordinary new ticket after it. */
export function closedTicket(ticket: TicketFacts, why: string, input: Pick<ThreadInput, 'reopenWindowMs' | 'now'>): Extract<ThreadDecision, { kind: 'new' }> {
  const window = input.reopenWindowMs(ticket.flow);
  const closedAt = ticket.closedAt ? Date.parse(ticket.closedAt) : input.now;
  if (ticket.flow && input.now - closedAt <= window) {
    return { kind: 'new', linkedTo: ticket.number, followUp: { number: ticket.number, flow: ticket.flow, ...(ticket.subject ? { subject: ticket.subject } : {}) }, reason: `${why}; ${ticket.number} is closed, so a follow-up ticket opens, linked to it` };
  }
  const days = Math.round(window / 86_400_000);
  return { kind: 'new', linkedTo: ticket.number, reason: `${why}; ${ticket.number} closed more than ${days} days ago (the reopen window): a new ticket, linked` };
}
