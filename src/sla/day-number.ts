/**
 * Calendar dates as day numbers (days since 1970-01-01), so date arithmetic on the hot path is
 * integer arithmetic instead of date-library calls. Algorithms after Howard Hinnant's
 * "chrono-compatible low-level date algorithms" (proleptic Gregorian calendar).
 */

/** Milliseconds in a nominal day: a day number times this is that date's midnight as wall time. */
export const DAY_MS = 86_400_000;

/** A calendar date. */
export interface CivilDate {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
}

/** Day number of a calendar date; 1970-01-01 is 0. */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Calendar date of a day number. */
export function civilDate(dayNum: number): CivilDate {
  const z = dayNum + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Weekday of a day number: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayIndex(dayNum: number): number {
  return (((dayNum + 3) % 7) + 7) % 7;
}

/** `YYYY-MM-DD` of a day number. */
export function isoDate(dayNum: number): string {
  const { year, month, day } = civilDate(dayNum);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
