import { IANAZone } from 'luxon';

const HOUR_MS = 3_600_000;

/**
 * The earliest instant whose wall-clock time in `zone` is at or after `wallMs` (a wall time
 * written as if it were UTC, e.g. `dayNumber * DAY_MS + minutes * 60_000`). So:
 * - a wall time that occurs twice (clocks go back) is its first occurrence;
 * - a wall time that does not exist (clocks go forward) is the instant the clocks jump, so
 *   02:30 on the spring-forward night in Europe/Berlin is 03:00 CEST.
 * Monotonic in `wallMs`, so span boundaries keep their order. Deterministic, unlike luxon's
 * `DateTime.fromObject`, whose answer for an ambiguous time depends on today's offset.
 */
export function localToUtc(zone: string, wallMs: number): number {
  if (zone === 'UTC') return wallMs;
  const tz = IANAZone.create(zone);
  // Offsets (minutes) a day before and after; a transition near wallMs lies between them.
  const before = tz.offset(wallMs - 24 * HOUR_MS);
  const after = tz.offset(wallMs + 24 * HOUR_MS);
  const withBefore = wallMs - before * 60_000;
  const withAfter = wallMs - after * 60_000;
  const beforeValid = tz.offset(withBefore) === before;
  const afterValid = tz.offset(withAfter) === after;
  if (beforeValid && afterValid) return Math.min(withBefore, withAfter);
  if (beforeValid) return withBefore;
  if (afterValid) return withAfter;
  // In the gap: the transition lies between the two readings; find it to the millisecond.
  let low = Math.min(withBefore, withAfter);
  let high = Math.max(withBefore, withAfter);
  const offsetAtLow = tz.offset(low);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (tz.offset(middle) === offsetAtLow) low = middle;
    else high = middle;
  }
  return high;
}

/** Whether a string names a time zone the runtime knows (IANA name or `UTC`). */
export function isKnownTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}
