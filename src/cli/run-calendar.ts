import { DateTime } from 'luxon';
import { formatDuration, parseDurationMs } from '../flow/duration';
import type { BusinessCalendar } from '../sla/business-calendar';
import { WEEKDAYS } from '../sla/business-calendar';
import { addBusinessMs, businessMsBetween } from '../sla/business-time';
import { DEFAULT_CALENDARS_FILE, loadCalendarsFile } from '../sla/load-calendars';
import { formatWorkingSpan } from '../sla/working-span';
import { SourceProblemsError } from '../source/problem';
import { didYouMean } from '../source/suggest';
import { SopflowError } from '../errors/sopflow-error';

/** What `sopflow calendar` was asked; `now` stands in for the clock when `--from` is left out. */
export interface CalendarCommandOptions {
  file?: string;
  /** ISO 8601 instant; without an offset it is read in the calendar's time zone. */
  from?: string;
  /** Business time to add, e.g. `4h`, `1h30m`. */
  add?: string;
  /** Two ISO 8601 instants. */
  between?: string[];
  now?: number;
}

/**
 * The output of `sopflow calendar <name>`: the deadline of `--from` + `--add`, the business
 * minutes `--between` two instants, or (with neither) the calendar's hours and holidays.
 */
export function runCalendarCommand(name: string, options: CalendarCommandOptions = {}): string {
  const file = options.file ?? DEFAULT_CALENDARS_FILE;
  const { calendars, problems } = loadCalendarsFile(file);
  if (problems.length > 0) throw new SourceProblemsError(problems);
  const calendar = calendars.get(name);
  if (!calendar) {
    throw new SopflowError(`unknown calendar '${name}'`, {
      code: 'UNKNOWN_CALENDAR',
      suggestion: didYouMean(name, calendars.keys()) ?? `calendars in ${file}: ${[...calendars.keys()].join(', ')}`,
    });
  }
  const lines = [`calendar  ${calendar.name} (${calendar.timezone})`];
  if (options.between !== undefined) {
    if (options.between.length !== 2) {
      throw new SopflowError('--between takes two instants', { code: 'BAD_ARGUMENT', suggestion: '--between 2026-03-20T16:00 2026-03-23T11:00' });
    }
    const from = parseInstant(options.between[0]!, calendar);
    const to = parseInstant(options.between[1]!, calendar);
    const ms = businessMsBetween(calendar, from, to);
    lines.push(`from      ${formatInstant(from, calendar)}`, `to        ${formatInstant(to, calendar)}`);
    lines.push(`business  ${formatMinutes(ms / 60_000)} minutes (${ms < 0 ? '-' : ''}${formatDuration(Math.abs(ms))})`);
  } else if (options.add !== undefined) {
    const from = options.from !== undefined ? parseInstant(options.from, calendar) : (options.now ?? Date.now());
    const ms = parseDuration(options.add);
    lines.push(`from      ${formatInstant(from, calendar)}`, `add       ${formatDuration(ms)} business time`);
    lines.push(`deadline  ${formatInstant(addBusinessMs(calendar, from, ms), calendar)}`);
  } else if (options.from !== undefined) {
    throw new SopflowError('--from needs --add', { code: 'BAD_ARGUMENT', suggestion: `sopflow calendar ${name} --from ${options.from} --add 4h` });
  } else {
    lines.push(...describeCalendar(calendar));
  }
  return lines.join('\n');
}

function parseInstant(text: string, calendar: BusinessCalendar): number {
  const parsed = DateTime.fromISO(text, { zone: calendar.timezone });
  if (!parsed.isValid) {
    throw new SopflowError(`'${text}' is not an ISO 8601 instant`, {
      code: 'BAD_INSTANT',
      suggestion: `write e.g. 2026-03-20T16:00 (in ${calendar.timezone}) or 2026-03-20T15:00Z`,
    });
  }
  return parsed.toMillis();
}

function parseDuration(text: string): number {
  try {
    return parseDurationMs(text);
  } catch (error) {
    throw new SopflowError((error as Error).message, { code: 'BAD_DURATION', suggestion: 'business time adds up working hours only: 2d is 48 working hours' });
  }
}

/** `2026-03-23T11:00:00+01:00 (2026-03-23T10:00:00Z)`: the calendar's local time, then UTC. */
function formatInstant(ms: number, calendar: BusinessCalendar): string {
  const local = DateTime.fromMillis(ms, { zone: calendar.timezone }).toISO({ suppressMilliseconds: true });
  const utc = DateTime.fromMillis(ms, { zone: 'utc' }).toISO({ suppressMilliseconds: true });
  return `${local} (${utc})`;
}

function formatMinutes(minutes: number): string {
  return String(Math.round(minutes * 1000) / 1000);
}

function describeCalendar(calendar: BusinessCalendar): string[] {
  const lines = ['hours'];
  for (const day of WEEKDAYS) {
    const spans = calendar.weekly[day];
    lines.push(`  ${day}  ${spans.length ? spans.map(formatWorkingSpan).join(', ') : 'closed'}`);
  }
  const { fixed, dates, easterOffsets } = calendar.holidays;
  if (fixed.length + dates.length + easterOffsets.length === 0) return [...lines, 'holidays  none'];
  lines.push('holidays');
  const pad = (n: number): string => String(n).padStart(2, '0');
  for (const holiday of fixed) lines.push(`  ${pad(holiday.month)}-${pad(holiday.day)}        ${holiday.name}`);
  for (const holiday of dates) lines.push(`  ${holiday.date}   ${holiday.name}`);
  for (const holiday of easterOffsets) {
    const offset = holiday.offset === 0 ? 'easter' : `easter${holiday.offset > 0 ? '+' : ''}${holiday.offset}`;
    lines.push(`  ${offset.padEnd(12)} ${holiday.name}`);
  }
  return lines;
}
