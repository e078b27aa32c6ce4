import type { BusinessCalendar } from './business-calendar';
import { DAY_MS, isoDate } from './day-number';
import { workingIntervalCache } from './working-interval-cache';

/** Consecutive dates without working time after which a search stops: the calendar has none. */
const MAX_EMPTY_DAYS = 3_660;

/**
 * The business day an instant belongs to, as the local `YYYY-MM-DD` date of the calendar: the
 * date of the working span it falls in, or of the next span when it falls outside working time
 * (a request on Saturday belongs to Monday's work, one at 18:00 to the next morning's). Pure,
 * so the ticket workflow can use it; a night shift belongs to the date it starts on.
 */
export function businessDayOf(calendar: BusinessCalendar, atMs: number): string {
  return isoDate(businessDayNumber(calendar, atMs));
}

/**
 * Whole business days from the business day of `fromMs` to that of `toMs`: 0 on the same one,
 * 1 on the next date with working time, and so on (weekends and holidays are not counted).
 */
export function businessDaysBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  const first = businessDayNumber(calendar, fromMs);
  const last = businessDayNumber(calendar, Math.max(fromMs, toMs));
  const cache = workingIntervalCache(calendar);
  let days = 0;
  for (let day = first + 1; day <= last; day++) if (cache.intervalsOn(day).length > 0) days += 1;
  return days;
}

function businessDayNumber(calendar: BusinessCalendar, atMs: number): number {
  if (!Number.isFinite(atMs)) throw new RangeError(`not an instant: ${atMs}`);
  const cache = workingIntervalCache(calendar);
  let emptyDays = 0;
  // Two dates before the UTC date: no zone is more than a day off UTC, and a night shift of the evening before may still run.
  for (let day = Math.floor(atMs / DAY_MS) - 2; ; day++) {
    const intervals = cache.intervalsOn(day);
    if (intervals.length === 0 && ++emptyDays > MAX_EMPTY_DAYS) throw new Error(`calendar '${calendar.name}' has no working time within ${MAX_EMPTY_DAYS} days`);
    if (intervals.length > 0) emptyDays = 0;
    for (let i = 0; i < intervals.length; i += 2) if (intervals[i + 1]! > atMs) return day;
  }
}
