import type { RequestOptions } from '../client/ticket-client';

/** The client's request options from a command's `--idempotency-key`. */
export function keyOption(options: { idempotencyKey?: string }): RequestOptions {
  return options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {};
}
