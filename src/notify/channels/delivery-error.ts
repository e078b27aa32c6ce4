/** A message could not be delivered; says on which channel, to whom, and whether retrying can help. */
export class DeliveryError extends Error {
  override readonly name: string = 'DeliveryError';
  /** How long the receiver asked us to wait (HTTP Retry-After), if it did. */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly channel: string,
    readonly recipient: string,
    /** The receiver's answer or the network error, without the channel/recipient prefix. */
    readonly detail: string,
    /** True when the receiving side refused for good (invalid recipient, 4xx); retrying sends the same refusal. */
    readonly permanent: boolean,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(`${channel} to ${recipient} ${permanent ? 'rejected permanently' : 'failed (will retry)'}: ${detail}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** The receiver refused for good; the activity turns this into a non-retryable failure. */
export class PermanentDeliveryError extends DeliveryError {
  override readonly name = 'PermanentDeliveryError';

  constructor(channel: string, recipient: string, detail: string, options?: { cause?: unknown }) {
    super(channel, recipient, detail, true, options);
  }
}

/** The receiver was unreachable, slow or asked to try later; Temporal retries with backoff. */
export class TransientDeliveryError extends DeliveryError {
  override readonly name = 'TransientDeliveryError';

  constructor(channel: string, recipient: string, detail: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(channel, recipient, detail, false, options);
  }
}
