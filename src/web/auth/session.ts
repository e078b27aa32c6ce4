import { randomBytes } from 'node:crypto';
import { sameToken, sign } from './hmac';

/** Name of the agent session cookie. */
export const SESSION_COOKIE = 'sopflow_session';
/** How long a session lasts after sign-in. */
export const SESSION_MS = 12 * 60 * 60 * 1000;

/** A signed-in agent. `id` is the session's own random id, which CSRF tokens are bound to. */
export interface Session {
  agent: string;
  expiresAt: number;
  id: string;
}

/**
 * A stateless session: `agent~expiry~id~signature` (`~` appears in no agent id and no base64url). Any web server with the same secret
 * accepts it, so several `sopflow serve` processes behind a load balancer behave as one.
 */
export function sessionCookieValue(secret: string, agent: string, now: number): string {
  const expiresAt = now + SESSION_MS;
  const id = randomBytes(12).toString('base64url');
  return [agent, expiresAt, id, sign(secret, 'sopflow-session-v1', agent, String(expiresAt), id)].join('~');
}

/** The session a cookie carries, or undefined when it is missing, forged or expired. */
export function readSession(secret: string, value: string | undefined, now: number): Session | undefined {
  if (!value) return undefined;
  const parts = value.split('~');
  if (parts.length !== 4) return undefined;
  const [agent, expiry, id, signature] = parts as [string, string, string, string];
  if (!sameToken(signature, sign(secret, 'sopflow-session-v1', agent, expiry, id))) return undefined;
  const expiresAt = Number(expiry);
  if (!Number.isFinite(expiresAt) || expiresAt <= now) return undefined;
  return { agent, expiresAt, id };
}
