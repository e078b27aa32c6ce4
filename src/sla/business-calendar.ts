/**
 * A compiled business calendar: plain JSON, so it can be passed to a Temporal workflow as input
 * and the workflow computes due dates without reading any file.
 */
export interface BusinessCalendar {
  name: string;
  /** IANA time zone the working hours and holidays are read in. */
  timezone: string;
  /** Working spans per weekday, in start order. */
  weekly: Record<Weekday, WorkingSpan[]>;
  /** Every holiday, including the ones inherited through `extends`. */
  holidays: HolidayRules;
}

/** Weekday keys, Monday first (ISO order). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** A weekday key. */
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Working time on one weekday, in minutes after that day's local midnight. `endMinute` is
 * greater than `startMinute` and at most 24 h later; above 1440 the span runs past midnight
 * into the next day and still belongs to the day it starts on (see `WorkingIntervalCache`).
 */
export interface WorkingSpan {
  startMinute: number;
  endMinute: number;
}

/** Holidays: days on which no span starts. */
export interface HolidayRules {
  /** Every year on this month and day (a 02-29 rule applies in leap years only). */
  fixed: Array<{ month: number; day: number; name: string }>;
  /** Once, on this `YYYY-MM-DD` date. */
  dates: Array<{ date: string; name: string }>;
  /** Every year, this many days after (negative: before) Easter Sunday. */
  easterOffsets: Array<{ offset: number; name: string }>;
}

/** Name of the built-in calendar that is always working time. */
export const ALWAYS_CALENDAR_NAME = '24x7';

/** The built-in `24x7` calendar: every minute is working time, in UTC, no holidays. */
export const CALENDAR_24X7: BusinessCalendar = {
  name: ALWAYS_CALENDAR_NAME,
  timezone: 'UTC',
  weekly: {
    mon: [{ startMinute: 0, endMinute: 1440 }],
    tue: [{ startMinute: 0, endMinute: 1440 }],
    wed: [{ startMinute: 0, endMinute: 1440 }],
    thu: [{ startMinute: 0, endMinute: 1440 }],
    fri: [{ startMinute: 0, endMinute: 1440 }],
    sat: [{ startMinute: 0, endMinute: 1440 }],
    sun: [{ startMinute: 0, endMinute: 1440 }],
  },
  holidays: { fixed: [], dates: [], easterOffsets: [] },
};
