import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of the parts (joined by a separator no part may contain), base64url. */
export function sign(secret: string, purpose: string, ...parts: string[]): string {
  const mac = createHmac('sha256', secret);
  mac.update(purpose);
  for (const part of parts) mac.update(`\u0000${part}`);
  return mac.digest('base64url');
}

/** Compares two tokens in constant time (for equal lengths; a length mismatch is no secret). */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
