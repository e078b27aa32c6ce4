import type { BusinessCalendar } from '../../sla/business-calendar';
import { businessMsBetween } from '../../sla/business-time';
import type { ClockStatus, SlaStatus } from '../../ticket/types';
import { clockStatus, elapsedMs, isActive, shownDueAt } from './reference-clock';
import type { ModelClock } from './reference-clock';

/** The ticket's SLA status: breached beats warning beats ok; met once done in time; paused while waiting. */
export function overallStatus(clocks: readonly ModelClock[], calendar: BusinessCalendar, now: number, done: boolean): SlaStatus {
  const statuses = clocks.map((clock) => clockStatus(clock, calendar, now));
  if (statuses.includes('breached')) return 'breached';
  if (statuses.includes('warning')) return 'warning';
  if (done) return 'met';
  if (statuses.includes('ok')) return 'ok';
  if (statuses.includes('paused')) return 'paused';
  return statuses.length ? 'met' : 'ok';
}

/** The next due instant of any running clock: every open ticket at work has one; a waiting ticket has none. */
export function dueAtOf(clocks: readonly ModelClock[], calendar: BusinessCalendar, now: number): number | undefined {
  const instants = clocks.flatMap((clock) => {
    const due = shownDueAt(clock, calendar, now);
    return due === undefined ? [] : [due];
  });
  return instants.length ? Math.min(...instants) : undefined;
}

/** Every clock as a client sees it. */
export function clockViews(clocks: readonly ModelClock[], calendar: BusinessCalendar, now: number): ClockStatus[] {
  return clocks.map((clock) => {
    const until = clock.stoppedAt === undefined ? now : Math.min(now, clock.stoppedAt);
    const elapsed = elapsedMs(clock, calendar, until);
    const span = businessMsBetween(calendar, clock.startedAt, Math.max(until, clock.startedAt));
    const due = isActive(clock) ? shownDueAt(clock, calendar, now) : undefined;
    return {
      id: clock.id,
      kind: clock.kind,
      ...(clock.state ? { state: clock.state } : {}),
      targetMinutes: clock.targetMs / 60_000,
      elapsedMinutes: elapsed / 60_000,
      pausedMinutes: Math.max(0, span - elapsed) / 60_000,
      ...(due !== undefined ? { dueAt: new Date(due).toISOString() } : {}),
      status: clockStatus(clock, calendar, now),
    };
  });
}
