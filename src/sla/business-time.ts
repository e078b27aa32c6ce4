import type { BusinessCalendar } from './business-calendar';
import { DAY_MS } from './day-number';
import type { WorkingIntervalCache } from './working-interval-cache';
import { workingIntervalCache } from './working-interval-cache';

/*
 * Business-time arithmetic on epoch milliseconds. Pure and deterministic (no clock, no I/O), so
 * it runs inside the Temporal workflow sandbox. Working intervals are half-open [start, end):
 * 17:00 is not working time on a day that ends at 17:00.
 *
 * The walk over a calendar starts two local dates before the UTC date of an instant: no zone is
 * more than a day off UTC, and a night shift that started the local day before may still run.
 */

const MINUTE_MS = 60_000;
/** Consecutive dates without working time after which a search stops: the calendar has none. */
const MAX_EMPTY_DAYS = 3_660;

/**
 * The instant at which `minutes` of business time have passed since `startMs`: the deadline
 * of a target. It is the earliest such instant, so a target used up exactly at the end of a
 * working day is due at that end (Friday 16:00 + 1 h = Friday 17:00, not Monday 08:00).
 * A 0-minute target is due at the start itself, working time or not.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, startMs: number, minutes: number): number {
  return addBusinessMs(calendar, startMs, Math.round(minutes * MINUTE_MS));
}

/** `addBusinessMinutes` in milliseconds of business time. */
export function addBusinessMs(calendar: BusinessCalendar, startMs: number, ms: number): number {
  if (!(ms >= 0) || !Number.isFinite(startMs)) throw new RangeError(`cannot add ${ms} ms of business time to ${startMs}`);
  if (ms === 0) return startMs;
  const cache = workingIntervalCache(calendar);
  let remaining = ms;
  let cursor = startMs;
  let emptyDays = 0;
  for (let day = firstDay(startMs); ; day++) {
    const intervals = cache.intervalsOn(day);
    if (intervals.length === 0) {
      if (++emptyDays > MAX_EMPTY_DAYS) throw noWorkingTime(cache);
      continue;
    }
    emptyDays = 0;
    for (let i = 0; i < intervals.length; i += 2) {
      const end = intervals[i + 1]!;
      if (end <= cursor) continue;
      // Clipping at the cursor also skips the part of a night shift the next date overlaps.
      const from = Math.max(intervals[i]!, cursor);
      if (end - from >= remaining) return from + remaining;
      remaining -= end - from;
      cursor = end;
    }
  }
}

/**
 * Business minutes between two instants, fractional, exact to the millisecond. Signed: from a
 * later to an earlier instant it is the negative of the other way round.
 */
export function businessMinutesBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  return businessMsBetween(calendar, fromMs, toMs) / MINUTE_MS;
}

/** `businessMinutesBetween` in milliseconds. */
export function businessMsBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new RangeError(`cannot measure from ${fromMs} to ${toMs}`);
  if (toMs < fromMs) return -businessMsBetween(calendar, toMs, fromMs);
  const cache = workingIntervalCache(calendar);
  let total = 0;
  let cursor = fromMs;
  // Spans of a later local date start after its midnight, which is at most a day before its UTC date.
  const lastDay = Math.floor(toMs / DAY_MS) + 1;
  for (let day = firstDay(fromMs); day <= lastDay; day++) {
    const intervals = cache.intervalsOn(day);
    for (let i = 0; i < intervals.length; i += 2) {
      const end = intervals[i + 1]!;
      const from = Math.max(intervals[i]!, cursor);
      const to = Math.min(end, toMs);
      if (to > from) total += to - from;
      if (end > cursor) cursor = end;
    }
  }
  return total;
}

/** Whether an instant is working time. */
export function isWorkingTime(calendar: BusinessCalendar, atMs: number): boolean {
  const cache = workingIntervalCache(calendar);
  const lastDay = Math.floor(atMs / DAY_MS) + 1;
  for (let day = firstDay(atMs); day <= lastDay; day++) {
    const intervals = cache.intervalsOn(day);
    for (let i = 0; i < intervals.length; i += 2) {
      if (intervals[i]! <= atMs && atMs < intervals[i + 1]!) return true;
    }
  }
  return false;
}

/** The instant itself when it is working time, else the start of the next working time. */
export function nextWorkingInstant(calendar: BusinessCalendar, atMs: number): number {
  if (!Number.isFinite(atMs)) throw new RangeError(`not an instant: ${atMs}`);
  const cache = workingIntervalCache(calendar);
  let emptyDays = 0;
  for (let day = firstDay(atMs); ; day++) {
    const intervals = cache.intervalsOn(day);
    if (intervals.length === 0 && ++emptyDays > MAX_EMPTY_DAYS) throw noWorkingTime(cache);
    for (let i = 0; i < intervals.length; i += 2) {
      if (intervals[i + 1]! > atMs) return Math.max(intervals[i]!, atMs);
    }
    if (intervals.length > 0) emptyDays = 0;
  }
}

function firstDay(atMs: number): number {
  return Math.floor(atMs / DAY_MS) - 2;
}

function noWorkingTime(cache: WorkingIntervalCache): Error {
  return new Error(`calendar '${cache.calendar.name}' has no working time within ${MAX_EMPTY_DAYS} days`);
}
