import { SopflowError } from '../errors/sopflow-error';

/** Codes of refusals that a retry cannot change: the request is failed, not kept for later. */
const PERMANENT_CODES = new Set(['BAD_ARGUMENT', 'UNKNOWN_FLOW', 'UNKNOWN_CALENDAR', 'EVENT_REFUSED']);

/**
 * Temporal (or a worker) could not confirm the request: nothing is lost, the source keeps the
 * request (SMTP answers 451, IMAP leaves the mail in the inbox) and offers it again later.
 */
export class IntakeRetryLaterError extends Error {
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`not confirmed, try again later: ${reason}`, options);
    this.name = 'IntakeRetryLaterError';
  }
}

/** True when an error from the ticket client is a refusal for good rather than an outage. */
export function isPermanentRefusal(error: unknown): error is SopflowError {
  return error instanceof SopflowError && PERMANENT_CODES.has(error.code);
}
