import { randomBytes } from 'node:crypto';
import { sameToken, sign } from './hmac';

/** How long a mailed sign-in link works. */
export const SIGN_IN_LINK_MS = 15 * 60 * 1000;

/** A sign-in link's claim: who, until when, and its own id (recorded when used). */
export interface SignInClaim {
  agent: string;
  validUntil: number;
  id: string;
}

/** The token of a new sign-in link for an agent: `agent~validUntil~id~signature`. */
export function signInToken(secret: string, agent: string, now: number): string {
  const validUntil = now + SIGN_IN_LINK_MS;
  const id = randomBytes(16).toString('base64url');
  return [agent, validUntil, id, sign(secret, 'sopflow-sign-in-v1', agent, String(validUntil), id)].join('~');
}

/** The claim of a genuine, unexpired token, or undefined. Whether it was used already is the redemption store's answer. */
export function readSignInToken(secret: string, token: unknown, now: number): SignInClaim | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('~');
  if (parts.length !== 4) return undefined;
  const [agent, until, id, signature] = parts as [string, string, string, string];
  if (!sameToken(signature, sign(secret, 'sopflow-sign-in-v1', agent, until, id))) return undefined;
  const validUntil = Number(until);
  if (!Number.isFinite(validUntil) || validUntil <= now) return undefined;
  return { agent, validUntil, id };
}
