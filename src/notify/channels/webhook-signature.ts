import { createHmac, timingSafeEqual } from 'node:crypto';

/** Name of the header that carries the signature. */
export const SIGNATURE_HEADER = 'X-Sopflow-Signature';

function hmacHex(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * Signature header for a body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 * The timestamp is signed too so a captured request cannot be replayed later.
 */
export function signWebhookBody(secret: string, body: string | Buffer, timestampSec: number): string {
  return `t=${timestampSec},v1=${hmacHex(secret, timestampSec, body)}`;
}

/**
 * Checks a received `X-Sopflow-Signature` against the raw body: true only if one `v1` matches
 * and `t` is within `toleranceSec` of now. Pass the body exactly as received (before JSON parsing).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined | null,
  body: string | Buffer,
  toleranceSec: number,
  nowSec: number = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(nowSec - timestamp) > toleranceSec) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  // Constant-time compare so the signature cannot be guessed byte by byte from response times.
  return signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
}
