import { Option } from 'commander';
import type { RequestOptions } from '../client/ticket-client';

/** The client's request options from a command's `--idempotency-key`. */
export function keyOption(options: { idempotencyKey?: string }): RequestOptions {
  return options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {};
}

/** `--idempotency-key <key>`, as every command that changes a ticket takes it. */
export function idempotencyKeyOption(): Option {
  return new Option('--idempotency-key <key>', 'names this request: retrying with the same key never applies it twice');
}
