/**
 * What workflow code may import from `src/sla`: the calendar types, business-time arithmetic
 * and SLA clocks, all pure. The file loader (`load-calendars`) is deliberately not here.
 */
export type { BusinessCalendar, HolidayRules, Weekday, WorkingSpan } from './business-calendar';
export { ALWAYS_CALENDAR_NAME, CALENDAR_24X7, WEEKDAYS } from './business-calendar';
export { addBusinessMinutes, addBusinessMs, businessMinutesBetween, businessMsBetween, isWorkingTime, nextWorkingInstant } from './business-time';
export type {
  SlaClockInstant,
  SlaClockKind,
  SlaClockOutcome,
  SlaClockRecord,
  SlaClockStatus,
  SlaClockView,
  SlaRunningInterval,
  StartClockInput,
} from './clock';
export { changeTarget, clockView, nextClockInstants, pauseClock, resumeClock, startClock, stopClock } from './clock';
