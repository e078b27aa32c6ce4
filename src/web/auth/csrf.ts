import { sameToken, sign } from './hmac';

/**
 * CSRF tokens derived from what the request already proves (the session id, or the ticket's
 * portal token), so they need no storage and work on every web server of a cluster.
 * Written by hand because they bind to our own session format; it is one HMAC.
 */
export function csrfToken(secret: string, binding: string): string {
  return sign(secret, 'sopflow-csrf-v1', binding);
}

/** True when the form carried the token for this binding. */
export function csrfValid(secret: string, binding: string, given: unknown): boolean {
  return typeof given === 'string' && given.length > 0 && sameToken(given, csrfToken(secret, binding));
}
