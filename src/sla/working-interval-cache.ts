import type { BusinessCalendar } from './business-calendar';
import { WEEKDAYS } from './business-calendar';
import { DAY_MS, weekdayIndex } from './day-number';
import { HolidayIndex } from './holiday-index';
import { localToUtc } from './local-to-utc';

/** Days kept per calendar before the cache starts over (about 55 years); bounds memory in long-lived workers. */
const MAX_CACHED_DAYS = 20_000;
/** Calendars kept by content, for callers that pass a fresh copy of the same calendar each time. */
const MAX_CACHED_CALENDARS = 64;

/**
 * The working time of a calendar as UTC intervals, computed once per local date with the time
 * zone rules and then reused, so business-time arithmetic on the hot path is array walking.
 *
 * A span belongs to the local date it starts on: a holiday closes the spans that start on it,
 * including the part of a night shift after midnight, and does not close the tail of a shift
 * that started the evening before. Span boundaries are wall times converted with `localToUtc`,
 * so a 22:00-06:00 shift is 7 real hours on the spring-forward night and 9 on the fall-back one.
 */
export class WorkingIntervalCache {
  private readonly days = new Map<number, readonly number[]>();
  private readonly holidays: HolidayIndex;

  constructor(readonly calendar: BusinessCalendar) {
    this.holidays = new HolidayIndex(calendar.holidays);
  }

  /**
   * Working intervals of the spans starting on a local date (day number), as a flat sorted list
   * `[start, end, start, end, …]` of epoch ms, end exclusive, non-overlapping. Intervals of
   * consecutive dates are sorted by start too, but a night shift may overlap the next date's.
   */
  intervalsOn(dayNum: number): readonly number[] {
    let intervals = this.days.get(dayNum);
    if (intervals === undefined) {
      if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
      intervals = this.compute(dayNum);
      this.days.set(dayNum, intervals);
    }
    return intervals;
  }

  private compute(dayNum: number): readonly number[] {
    if (this.holidays.nameOn(dayNum) !== undefined) return [];
    const spans = this.calendar.weekly[WEEKDAYS[weekdayIndex(dayNum)]!] ?? [];
    const midnight = dayNum * DAY_MS;
    const raw: Array<[number, number]> = [];
    for (const span of spans) {
      const start = localToUtc(this.calendar.timezone, midnight + span.startMinute * 60_000);
      const end = localToUtc(this.calendar.timezone, midnight + span.endMinute * 60_000);
      // A span lying wholly inside a spring-forward gap has no real time.
      if (end > start) raw.push([start, end]);
    }
    raw.sort((a, b) => a[0] - b[0]);
    const flat: number[] = [];
    for (const [start, end] of raw) {
      const last = flat.length - 1;
      if (last > 0 && start <= flat[last]!) flat[last] = Math.max(flat[last]!, end);
      else flat.push(start, end);
    }
    return flat;
  }
}

const byObject = new WeakMap<BusinessCalendar, WorkingIntervalCache>();
const byContent = new Map<string, WorkingIntervalCache>();

/** The shared cache of a calendar; found by identity first, then by content (JSON copies of one calendar share it). */
export function workingIntervalCache(calendar: BusinessCalendar): WorkingIntervalCache {
  const known = byObject.get(calendar);
  if (known) return known;
  const key = JSON.stringify(calendar);
  let cache = byContent.get(key);
  if (!cache) {
    if (byContent.size >= MAX_CACHED_CALENDARS) byContent.clear();
    cache = new WorkingIntervalCache(calendar);
    byContent.set(key, cache);
  }
  byObject.set(calendar, cache);
  return cache;
}
