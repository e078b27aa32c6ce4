import { AssignmentError } from './assignment-error';

/**
 * Milliseconds since the epoch of an ISO instant; throws `AssignmentError` naming `where`.
 * Accepts exactly what `Date.parse` accepts, the same rule absences are validated with when
 * they are recorded, so a value that got in can never make assignment throw later.
 */
export function parseInstant(value: string, where: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new AssignmentError(where, value, 'is not an ISO instant, e.g. 2025-11-24T08:00:00Z');
  return ms;
}
