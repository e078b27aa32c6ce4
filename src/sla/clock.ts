import type { BusinessCalendar } from './business-calendar';
import { addBusinessMs, businessMsBetween } from './business-time';

/*
 * SLA clocks. A clock is a record of the intervals in which it ran; everything else (elapsed
 * and paused business time, due instant, status) is derived from those intervals and the
 * calendar, never kept as a counter, so a replayed or re-read clock always tells the same.
 * All functions are pure and take instants as epoch ms: safe in the Temporal workflow sandbox.
 *
 * Intervals are half-open: a clock stopped at 17:00 did not run at 17:00. A clock is breached
 * once it has run at or after its due instant; so a ticket resolved exactly at its due instant
 * meets it, while a view taken at that instant of a still-running clock shows the breach. A
 * clock that runs past its due instant outside working hours (due Friday 17:00, still open on
 * Saturday) is breached even though no business time passed after the due instant.
 */

/** What a clock measures: time to first response, to resolution, or in one state. */
export type SlaClockKind = 'first_response' | 'resolution' | 'state_due';

/** How a stopped clock ended. */
export type SlaClockOutcome = 'met' | 'breached';

/** How a clock stands at an instant. */
export type SlaClockStatus = 'ok' | 'warning' | 'breached' | 'met' | 'paused';

/** An interval in which the clock ran; `to` is unset while it still runs. */
export interface SlaRunningInterval {
  from: number;
  to?: number;
}

/** The recorded state of a clock: plain JSON, kept in workflow state and shown in queries. */
export interface SlaClockRecord {
  id: string;
  kind: SlaClockKind;
  /** The state a `state_due` clock belongs to. */
  state?: string;
  /** Business minutes allowed. */
  targetMinutes: number;
  /** Warning thresholds, percent of the target. */
  warnAt: number[];
  startedAt: number;
  running: SlaRunningInterval[];
  /** Set while paused (waiting on the customer). */
  pausedSince?: number;
  stoppedAt?: number;
  /** Set when stopped. */
  outcome?: SlaClockOutcome;
}

/** What `startClock` needs. */
export interface StartClockInput {
  id: string;
  kind: SlaClockKind;
  state?: string;
  targetMinutes: number;
  warnAt?: number[];
  at: number;
  /** Start paused, e.g. a resolution clock of a ticket that begins waiting on the customer. */
  paused?: boolean;
}

/** A clock as seen at an instant. */
export interface SlaClockView {
  id: string;
  kind: SlaClockKind;
  state?: string;
  status: SlaClockStatus;
  /** True while paused, also when the status shows an earlier breach. */
  paused: boolean;
  targetMinutes: number;
  /** Business minutes the clock ran. */
  elapsedMinutes: number;
  /** Business minutes that passed while the clock was paused. */
  pausedMinutes: number;
  /** Business minutes left before the due instant; 0 once used up. */
  remainingMinutes: number;
  /**
   * When the target is used up if the clock keeps running (once breached: the due instant it
   * ran past); undefined while paused. For a stopped clock, the due instant it last had.
   */
  dueAt?: number;
  /** `dueAt` as ISO 8601 in UTC. */
  dueAtIso?: string;
  /** The due instant the clock ran past, once breached. */
  breachedAt?: number;
  /** Warning thresholds (percent) reached so far. */
  warningsReached: number[];
  /** When the next warning threshold is reached if the clock keeps running. */
  nextWarningAt?: number;
}

/** An upcoming instant at which a running clock crosses a warning threshold or breaches. */
export type SlaClockInstant = { at: number; kind: 'warning'; percent: number } | { at: number; kind: 'breach' };

const MINUTE_MS = 60_000;

/** A new clock, running (or paused) from `at`. */
export function startClock(input: StartClockInput): SlaClockRecord {
  checkTarget(input.targetMinutes);
  return {
    id: input.id,
    kind: input.kind,
    ...(input.state !== undefined ? { state: input.state } : {}),
    targetMinutes: input.targetMinutes,
    warnAt: [...(input.warnAt ?? [])].sort((a, b) => a - b),
    startedAt: input.at,
    running: input.paused ? [] : [{ from: input.at }],
    ...(input.paused ? { pausedSince: input.at } : {}),
  };
}

/**
 * Pauses a running clock at `at`. A paused or stopped clock is returned unchanged; an instant
 * before the running interval's start is taken as that start (events never run time backwards).
 */
export function pauseClock(clock: SlaClockRecord, at: number): SlaClockRecord {
  if (clock.stoppedAt !== undefined || clock.pausedSince !== undefined) return clock;
  const running = closeOpenInterval(clock.running, at);
  const last = running[running.length - 1];
  return { ...clock, running, pausedSince: last?.to ?? Math.max(at, clock.startedAt) };
}

/** Resumes a paused clock at `at`; a running or stopped clock is returned unchanged. */
export function resumeClock(clock: SlaClockRecord, at: number): SlaClockRecord {
  if (clock.stoppedAt !== undefined || clock.pausedSince === undefined) return clock;
  const { pausedSince, ...rest } = clock;
  return { ...rest, running: [...clock.running, { from: Math.max(at, pausedSince) }] };
}

/**
 * Stops a clock at `at` and records whether its target was met: met when it stopped at or
 * before its due instant (paused time excluded), breached otherwise. Stopping twice keeps the first.
 */
export function stopClock(clock: SlaClockRecord, calendar: BusinessCalendar, at: number): SlaClockRecord {
  if (clock.stoppedAt !== undefined) return clock;
  const { pausedSince, ...rest } = clock;
  const running = closeOpenInterval(clock.running, at);
  const latest = Math.max(at, clock.startedAt, pausedSince ?? -Infinity, running[running.length - 1]?.to ?? -Infinity);
  const stopped: SlaClockRecord = { ...rest, running, stoppedAt: latest };
  const { breachedAt } = analyse(stopped, calendar, latest);
  return { ...stopped, outcome: breachedAt === undefined ? 'met' : 'breached' };
}

/**
 * Sets a new target (e.g. the ticket's priority changed); due instant, warnings and status
 * follow from the recorded intervals. A stopped clock keeps the target it was judged by.
 */
export function changeTarget(clock: SlaClockRecord, targetMinutes: number): SlaClockRecord {
  checkTarget(targetMinutes);
  if (clock.stoppedAt !== undefined) return clock;
  return { ...clock, targetMinutes };
}

/** How a clock stands at `nowMs`. */
export function clockView(clock: SlaClockRecord, calendar: BusinessCalendar, nowMs: number): SlaClockView {
  const until = clock.stoppedAt !== undefined ? Math.min(clock.stoppedAt, nowMs) : nowMs;
  const analysis = analyse(clock, calendar, until);
  const targetMs = toMs(clock.targetMinutes);
  const spanMs = businessMsBetween(calendar, clock.startedAt, Math.max(until, clock.startedAt));
  const paused = clock.stoppedAt === undefined && clock.pausedSince !== undefined;
  const warningsReached = clock.warnAt.filter((percent) => analysis.elapsedMs >= thresholdMs(targetMs, percent));

  const dueAt = paused ? undefined : (analysis.breachedAt ?? analysis.lastDue);

  let nextWarningAt: number | undefined;
  if (!paused && clock.stoppedAt === undefined && analysis.open) {
    const { from, elapsedBeforeMs } = analysis.open;
    const thresholds = clock.warnAt.map((percent) => thresholdMs(targetMs, percent)).sort((a, b) => a - b);
    const next = thresholds.find((ms) => ms > analysis.elapsedMs);
    if (next !== undefined) nextWarningAt = addBusinessMs(calendar, from, next - elapsedBeforeMs);
  }

  let status: SlaClockStatus;
  if (clock.stoppedAt !== undefined && clock.outcome !== undefined) status = clock.outcome;
  else if (analysis.breachedAt !== undefined) status = 'breached';
  else if (paused) status = 'paused';
  else if (warningsReached.length > 0) status = 'warning';
  else status = 'ok';

  return {
    id: clock.id,
    kind: clock.kind,
    ...(clock.state !== undefined ? { state: clock.state } : {}),
    status,
    paused,
    targetMinutes: clock.targetMinutes,
    elapsedMinutes: analysis.elapsedMs / MINUTE_MS,
    pausedMinutes: Math.max(0, spanMs - analysis.elapsedMs) / MINUTE_MS,
    remainingMinutes: Math.max(0, targetMs - analysis.elapsedMs) / MINUTE_MS,
    ...(dueAt !== undefined ? { dueAt, dueAtIso: new Date(dueAt).toISOString() } : {}),
    ...(analysis.breachedAt !== undefined ? { breachedAt: analysis.breachedAt } : {}),
    warningsReached,
    ...(nextWarningAt !== undefined ? { nextWarningAt } : {}),
  };
}

/**
 * The instants at which a running clock will cross each warning threshold it has not reached
 * before its last resume, and breach, if it keeps running from its last resume; in time order.
 * Empty for a paused or stopped clock. The breach is `addBusinessMs(lastResume, target − elapsed
 * before it)`, so every pause shifts it by exactly the business time paused. The caller sets a
 * timer for the first instant after now and asks again when the clock changes.
 */
export function nextClockInstants(clock: SlaClockRecord, calendar: BusinessCalendar): SlaClockInstant[] {
  if (clock.stoppedAt !== undefined || clock.pausedSince !== undefined) return [];
  const open = clock.running[clock.running.length - 1];
  if (!open || open.to !== undefined) return [];
  const before = analyse({ ...clock, running: clock.running.slice(0, -1) }, calendar, open.from);
  const targetMs = toMs(clock.targetMinutes);
  const instants: SlaClockInstant[] = [];
  for (const percent of clock.warnAt) {
    const ms = thresholdMs(targetMs, percent);
    if (ms > before.elapsedMs) instants.push({ at: addBusinessMs(calendar, open.from, ms - before.elapsedMs), kind: 'warning', percent });
  }
  if (before.breachedAt === undefined) {
    instants.push({ at: addBusinessMs(calendar, open.from, Math.max(0, targetMs - before.elapsedMs)), kind: 'breach' });
  }
  return instants.sort((a, b) => a.at - b.at);
}

interface Analysis {
  elapsedMs: number;
  /** Due instant of the first interval that ran at or past its due instant. */
  breachedAt?: number;
  /** Due instant of the last interval that started before `until`. */
  lastDue?: number;
  /** The interval still running at `until`, with the business time elapsed before it. */
  open?: { from: number; elapsedBeforeMs: number };
}

/** Walks the running intervals up to `until`, deriving elapsed time, due instants and the breach. */
function analyse(clock: SlaClockRecord, calendar: BusinessCalendar, until: number): Analysis {
  const targetMs = toMs(clock.targetMinutes);
  const result: Analysis = { elapsedMs: 0 };
  for (const interval of clock.running) {
    if (interval.from > until) break;
    // A closed interval starting at `until` did not run by then (a later one may still be open there).
    if (interval.from === until && interval.to !== undefined) continue;
    const isOpen = interval.to === undefined || interval.to > until;
    const to = isOpen ? until : interval.to!;
    const due = addBusinessMs(calendar, interval.from, Math.max(0, targetMs - result.elapsedMs));
    result.lastDue = due;
    // Still running at `until` counts `until` itself; a closed interval did not run at its end.
    const ranPastDue = isOpen ? to >= due : to > due;
    if (result.breachedAt === undefined && ranPastDue) result.breachedAt = due;
    if (isOpen) result.open = { from: interval.from, elapsedBeforeMs: result.elapsedMs };
    result.elapsedMs += businessMsBetween(calendar, interval.from, to);
  }
  return result;
}

function closeOpenInterval(running: readonly SlaRunningInterval[], at: number): SlaRunningInterval[] {
  const last = running[running.length - 1];
  if (!last || last.to !== undefined) return [...running];
  return [...running.slice(0, -1), { from: last.from, to: Math.max(at, last.from) }];
}

function thresholdMs(targetMs: number, percent: number): number {
  return Math.round((targetMs * percent) / 100);
}

function toMs(minutes: number): number {
  return Math.round(minutes * MINUTE_MS);
}

function checkTarget(minutes: number): void {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new RangeError(`an SLA target is a number of minutes >= 0, not ${minutes}`);
}
