/**
 * Idempotency of client requests to a ticket. A client names every request with a key it
 * chooses (the CLI's `--idempotency-key`, a web form's, a mail's Message-ID) and a fresh
 * `attempt` id per try. Temporal deduplicates updates with the same update id within one run;
 * these receipts do the same across continue-as-new, and let a client tell from the receipt's
 * `attempt` whether its try applied the request or an earlier one had.
 */

/** How a client names one request and one try of it. */
export interface RequestKey {
  key: string;
  attempt: string;
}

/** Proof that a request was applied: by which try, and at which timeline entry. */
export interface RequestReceipt {
  key: string;
  attempt: string;
  /** Timeline sequence number when it was applied. */
  seq: number;
}

/** The longest key accepted; a Message-ID is usually well under 200 characters. */
export const MAX_REQUEST_KEY_LENGTH = 400;

/** Why a request key cannot be used, or undefined when it is fine. */
export function requestKeyProblem(request: RequestKey | undefined): string | undefined {
  if (request === undefined) return undefined;
  if (typeof request.key !== 'string' || request.key.trim() === '') return 'the idempotency key must be a non-empty string';
  if (request.key.length > MAX_REQUEST_KEY_LENGTH) return `the idempotency key is longer than ${MAX_REQUEST_KEY_LENGTH} characters`;
  if (typeof request.attempt !== 'string') return 'the attempt id must be a string';
  return undefined;
}

/** The receipts of one ticket, newest last, bounded so a long-lived ticket's carried state stays small. */
export class RequestReceipts {
  private readonly applied = new Map<string, RequestReceipt>();

  constructor(
    carried: readonly RequestReceipt[] = [],
    private readonly limit = 500,
  ) {
    for (const receipt of carried) this.applied.set(receipt.key, receipt);
  }

  /** The receipt of an earlier application of this request, if any. */
  find(request: RequestKey | undefined): RequestReceipt | undefined {
    return request ? this.applied.get(request.key) : undefined;
  }

  /** Records that `request` was applied at timeline entry `seq`. */
  record(request: RequestKey | undefined, seq: number): RequestReceipt | undefined {
    if (!request) return undefined;
    const receipt = { key: request.key, attempt: request.attempt, seq };
    this.applied.set(request.key, receipt);
    while (this.applied.size > this.limit) this.applied.delete(this.applied.keys().next().value as string);
    return receipt;
  }

  /** The receipts to carry into the next run. */
  carry(): RequestReceipt[] {
    return [...this.applied.values()];
  }
}
