import type { Customer, MessageAttachment } from '../ticket/types';
import type { IntakeChannel } from './rules/rules-schema';

/**
 * One request as the intake core handles it, whatever it came by (a mail, an API call): who,
 * what, which ticket it names, and the key that makes it happen at most once.
 */
export interface IntakeRequest {
  channel: IntakeChannel;
  /** Idempotency key: a mail's Message-ID, an API client's Idempotency-Key (prefixed with the client id). */
  key: string;
  customer: Customer;
  /** The sender's address or number, lower-cased, as threading and the cap compare it. */
  sender: string;
  /** Intake addresses it was sent to (To and Cc). */
  to: string[];
  subject: string;
  /** The whole text (for routing). */
  text: string;
  /** What the discussion shows: the new text of a reply, quotes and signature stripped. */
  replyText: string;
  language?: string;
  /** ISO date the request names (a mail's Date): a keyed ticket number's date. */
  date?: string;
  /** Ticket named by one of our signed message ids (verified). */
  ticketByHeaders?: string;
  /** Ticket named in the subject, or by the API path. */
  ticketNamed?: string;
  attachments: MessageAttachment[];
  /** Attachments listed but not kept (too large), one line each. */
  skipped: string[];
  /** Where the full original is kept (`sha256:<hash>` in the attachment store). */
  original?: string;
  /** Ticket fields the caller sets (API); routing rules' fields are added to them. */
  fields?: Record<string, string | number | boolean>;
}

/** What became of a request. */
export type IntakeOutcome =
  | { kind: 'opened'; number: string; attached: boolean; duplicate: boolean; rule: string; reason: string; linkedTo?: string }
  | { kind: 'added'; number: string; duplicate: boolean; reason: string; replyEvent?: string }
  /** Machine mail (auto-reply, list…): nothing happened. */
  | { kind: 'ignored'; reason: string }
  /** A bounce; `number` is the ticket it was recorded on, if one of ours was named. */
  | { kind: 'bounce'; number?: string; reason: string }
  /** Over the per-sender cap: kept for a person to review. */
  | { kind: 'parked'; reason: string }
  /** Refused for good (malformed, invalid): kept with the reason, never retried. */
  | { kind: 'failed'; reason: string };
