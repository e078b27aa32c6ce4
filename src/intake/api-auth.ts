import { createHash, timingSafeEqual } from 'node:crypto';

/** An API client as configured: its id, its channel and the SHA-256 of its bearer token. */
export interface ApiClient {
  id: string;
  channel: string;
  tokenSha256: string;
}

/**
 * The client a bearer token belongs to, or undefined. Only hashes are stored (a leaked config
 * leaks no token); SHA-256 suffices because tokens are long random strings, not passwords, and
 * hashes are compared in constant time.
 */
export function clientOfToken(authorization: string | undefined, clients: readonly ApiClient[]): ApiClient | undefined {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  const hash = createHash('sha256').update(token).digest();
  let found: ApiClient | undefined;
  for (const client of clients) {
    const expected = Buffer.from(client.tokenSha256, 'hex');
    // Every client is compared, so the time taken says nothing about which one matched.
    if (expected.length === hash.length && timingSafeEqual(expected, hash) && !found) found = client;
  }
  return found;
}
