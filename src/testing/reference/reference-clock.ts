import type { BusinessCalendar } from '../../sla/business-calendar';
import { addBusinessMs, businessMsBetween } from '../../sla/business-time';

/*
 * The model's SLA clock, written from the README's rules ("How an SLA behaves") and not from
 * `src/sla/clock.ts`, so a mistake in the runtime's clocks shows up as a difference: a clock
 * runs in intervals; elapsed time is the business time of those intervals; the due instant is
 * where the target is used up if the clock keeps running; a clock is breached once it ran at or
 * past its due instant. Only the calendar arithmetic (`addBusinessMs`, `businessMsBetween`, with
 * hand-checked tests of their own) is shared. Plain data, so a whole ticket can be cloned.
 */

/** What a clock measures. */
export type ModelClockKind = 'first_response' | 'resolution' | 'state_due';

/** One clock of the model. */
export interface ModelClock {
  id: string;
  kind: ModelClockKind;
  /** The state a due-date clock belongs to. */
  state?: string;
  targetMs: number;
  /** Warning thresholds in percent, rising. */
  warnAt: number[];
  startedAt: number;
  /** Intervals in which it ran; the last one is open while it runs. */
  intervals: Array<{ from: number; to?: number }>;
  pausedAt?: number;
  stoppedAt?: number;
  /** Warning thresholds already announced. */
  warned: number[];
  breachAnnounced: boolean;
}

/** A warning or breach instant a running clock will reach. */
export interface ModelAlarm {
  at: number;
  kind: 'warning' | 'breach';
  percent?: number;
  clock: ModelClock;
}

/** How a clock stands. */
export type ModelClockStatus = 'ok' | 'warning' | 'breached' | 'met' | 'paused';

/** A new clock running from `at`. */
export function newClock(id: string, kind: ModelClockKind, targetMinutes: number, warnAt: readonly number[], at: number, state?: string): ModelClock {
  return {
    id,
    kind,
    ...(state !== undefined ? { state } : {}),
    targetMs: Math.round(targetMinutes * 60_000),
    warnAt: [...warnAt].sort((a, b) => a - b),
    startedAt: at,
    intervals: [{ from: at }],
    warned: [],
    breachAnnounced: false,
  };
}

/** Not stopped. */
export function isActive(clock: ModelClock): boolean {
  return clock.stoppedAt === undefined;
}

/** Running: neither paused nor stopped. */
export function isRunning(clock: ModelClock): boolean {
  return clock.stoppedAt === undefined && clock.pausedAt === undefined;
}

/** Pauses a running clock. */
export function pause(clock: ModelClock, at: number): void {
  if (!isRunning(clock)) return;
  closeInterval(clock, at);
  clock.pausedAt = at;
}

/** Resumes a paused clock: a new running interval. */
export function resume(clock: ModelClock, at: number): void {
  if (!isActive(clock) || clock.pausedAt === undefined) return;
  clock.intervals.push({ from: Math.max(at, clock.pausedAt) });
  delete clock.pausedAt;
}

/** Stops a clock for good. */
export function stop(clock: ModelClock, at: number): void {
  if (!isActive(clock)) return;
  closeInterval(clock, at);
  clock.stoppedAt = at;
}

/** Business time the clock ran up to `until`. */
export function elapsedMs(clock: ModelClock, calendar: BusinessCalendar, until: number): number {
  let total = 0;
  for (const interval of clock.intervals) {
    const end = Math.min(interval.to ?? until, until);
    if (end > interval.from) total += businessMsBetween(calendar, interval.from, end);
  }
  return total;
}

/**
 * The due instant the clock ran at or past by `until`, if it did: in each interval, the target
 * runs out at `from` + what was left of it; an interval still running at `until` has run past
 * once `until` reached that instant, a closed one only if it ran beyond it.
 */
export function breachedAt(clock: ModelClock, calendar: BusinessCalendar, until: number): number | undefined {
  let used = 0;
  for (const interval of clock.intervals) {
    if (interval.from > until) break;
    // A closed interval that starts at `until`, or has no length, did not run by then.
    if (interval.to !== undefined && (interval.from === until || interval.to === interval.from)) continue;
    const open = interval.to === undefined || interval.to > until;
    const due = addBusinessMs(calendar, interval.from, Math.max(0, clock.targetMs - used));
    const end = open ? until : interval.to!;
    if (open ? end >= due : end > due) return due;
    used += businessMsBetween(calendar, interval.from, end);
  }
  return undefined;
}

/** Where the target runs out if the clock keeps running from its current interval; undefined unless running. */
export function runningDueAt(clock: ModelClock, calendar: BusinessCalendar): number | undefined {
  if (!isRunning(clock)) return undefined;
  const current = clock.intervals[clock.intervals.length - 1]!;
  const before = elapsedMs(clock, calendar, current.from);
  return addBusinessMs(calendar, current.from, Math.max(0, clock.targetMs - before));
}

/** The warnings and the breach a running clock has still to announce, with their instants. */
export function pendingAlarms(clock: ModelClock, calendar: BusinessCalendar): ModelAlarm[] {
  if (!isRunning(clock) || clock.breachAnnounced) return [];
  const current = clock.intervals[clock.intervals.length - 1]!;
  const before = elapsedMs(clock, calendar, current.from);
  const alarms: ModelAlarm[] = [];
  for (const percent of clock.warnAt) {
    const threshold = thresholdMs(clock, percent);
    if (clock.warned.includes(percent) || threshold <= before) continue;
    alarms.push({ at: addBusinessMs(calendar, current.from, threshold - before), kind: 'warning', percent, clock });
  }
  if (breachedAt(clock, calendar, current.from) === undefined) {
    alarms.push({ at: addBusinessMs(calendar, current.from, Math.max(0, clock.targetMs - before)), kind: 'breach', clock });
  }
  return alarms.sort((a, b) => a.at - b.at);
}

/** The clock's status at `now`. */
export function clockStatus(clock: ModelClock, calendar: BusinessCalendar, now: number): ModelClockStatus {
  if (clock.breachAnnounced) return 'breached';
  const until = clock.stoppedAt === undefined ? now : Math.min(now, clock.stoppedAt);
  if (breachedAt(clock, calendar, until) !== undefined) return 'breached';
  if (!isActive(clock)) return 'met';
  if (clock.pausedAt !== undefined) return 'paused';
  const elapsed = elapsedMs(clock, calendar, until);
  return clock.warnAt.some((percent) => elapsed >= thresholdMs(clock, percent)) ? 'warning' : 'ok';
}

/** The instant a running clock is due: the breach it ran past, or where its target runs out. */
export function shownDueAt(clock: ModelClock, calendar: BusinessCalendar, now: number): number | undefined {
  if (!isRunning(clock)) return undefined;
  return breachedAt(clock, calendar, now) ?? runningDueAt(clock, calendar);
}

/** A warning threshold in business milliseconds. */
export function thresholdMs(clock: ModelClock, percent: number): number {
  return Math.round((clock.targetMs * percent) / 100);
}

function closeInterval(clock: ModelClock, at: number): void {
  const last = clock.intervals[clock.intervals.length - 1];
  if (last && last.to === undefined) last.to = Math.max(at, last.from);
}
