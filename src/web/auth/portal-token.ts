import { sameToken, sign } from './hmac';

/**
 * The token in a customer's ticket link: HMAC-SHA256 of the ticket number and the customer
 * under the web secret. Whoever holds the link sees that one ticket; no database row needed,
 * and a link stays valid for the ticket's life.
 */
export function portalToken(secret: string, ticketNumber: string, customerId: string): string {
  return sign(secret, 'sopflow-portal-v1', ticketNumber, customerId);
}

/** True when `token` is the ticket's token for this customer; constant time. */
export function portalTokenValid(secret: string, ticketNumber: string, customerId: string, token: unknown): boolean {
  return typeof token === 'string' && token.length > 0 && sameToken(token, portalToken(secret, ticketNumber, customerId));
}
