import type { PositionedYaml } from '../source/positioned-yaml';
import type { SourceProblem } from '../source/problem';
import { readYamlWithSchema } from '../source/schema-problems';
import { didYouMean } from '../source/suggest';
import type { BusinessCalendar, HolidayRules, Weekday, WorkingSpan } from './business-calendar';
import { ALWAYS_CALENDAR_NAME, CALENDAR_24X7, WEEKDAYS } from './business-calendar';
import type { CalendarSpec, HolidayEntry } from './calendar-spec';
import { calendarFileSchema } from './calendar-spec';
import { isKnownTimeZone } from './local-to-utc';
import type { PublicHolidaySource, YearRange } from './public-holidays';
import { DATE_HOLIDAYS } from './public-holidays';
import { formatWorkingSpan, parseWorkingSpan } from './working-span';

/**
 * Compiled calendars by name (always including the built-in `24x7`) and every problem found.
 * Use the calendars only when there are no problems; they are returned anyway so that a flow
 * naming a calendar with a mistake in it is not reported as naming an unknown calendar too.
 */
export interface CalendarsReadResult {
  calendars: Map<string, BusinessCalendar>;
  problems: SourceProblem[];
}

/**
 * Validates a calendar file and compiles every calendar in it. Pure (the caller reads the
 * file and the clock): public holidays named by country are resolved into dates for
 * `holidayYears` (the loader asks for last year to five years ahead). Reports every problem
 * at its `file:line:col`, not just the first.
 */
export function readCalendars(source: PositionedYaml, options: { holidayYears: YearRange; publicHolidays?: PublicHolidaySource }): CalendarsReadResult {
  const years = options.holidayYears;
  const publicHolidays = options.publicHolidays ?? DATE_HOLIDAYS;
  const read = readYamlWithSchema(source, calendarFileSchema);
  if (!read.ok) return { calendars: builtInCalendars(), problems: read.problems };
  const specs = read.value.calendars;
  const problems: SourceProblem[] = [];
  const report = (path: Array<string | number>, message: string, hint?: string, at: 'key' | 'value' = 'value'): void => {
    problems.push({
      file: source.file,
      ...source.positionOf(['calendars', ...path], at),
      message: `${['calendars', ...path].join('.')}: ${message}`,
      ...(hint ? { hint } : {}),
      severity: 'error',
      rule: 'calendar',
    });
  };

  const calendars = builtInCalendars();
  const names = [ALWAYS_CALENDAR_NAME, ...Object.keys(specs)];
  for (const [name, spec] of Object.entries(specs)) {
    if (name === ALWAYS_CALENDAR_NAME) {
      report([name], `'${name}' is built in (always working time, UTC) and cannot be redefined`, 'choose another name', 'key');
      continue;
    }
    if (!isKnownTimeZone(spec.timezone)) {
      report([name, 'timezone'], `unknown time zone '${spec.timezone}'`, timeZoneHint(spec.timezone));
    }
    (spec.holidays ?? []).forEach((entry, index) => {
      if (!('country' in entry)) return;
      const unknown = publicHolidays.problem(entry);
      if (unknown) report([name, 'holidays', index, unknown.key], unknown.message, unknown.hint);
    });
    if (spec.extends !== undefined && !names.includes(spec.extends)) {
      const hint = didYouMean(spec.extends, names) ?? `known calendars: ${names.join(', ')}`;
      report([name, 'extends'], `unknown calendar '${spec.extends}'`, hint);
    }
    const weekly = compileWeekly(spec, (path, message, hint) => report([name, 'hours', ...path], message, hint));
    if (WEEKDAYS.every((day) => weekly[day].length === 0)) {
      report([name, 'hours'], 'no working time in the week', "list spans for at least one weekday, e.g. mon: ['08:00-17:00']");
    }
    calendars.set(name, {
      name,
      timezone: spec.timezone,
      weekly,
      holidays: { fixed: [], dates: [], easterOffsets: [] },
    });
  }

  for (const name of Object.keys(specs)) {
    const calendar = calendars.get(name);
    if (!calendar || name === ALWAYS_CALENDAR_NAME) continue;
    const chain = extendsChain(name, specs);
    if (chain.cycle) {
      // Reported once per member of the circle; a calendar that only leads into it is not at fault.
      if (chain.names[chain.names.length - 1] === name) {
        const circle = chain.names.join(' -> ');
        report([name, 'extends'], `'extends' goes round in a circle: ${circle}`, 'one calendar of the circle must not extend another');
      }
      continue;
    }
    // Ancestors first, so a calendar lists the holidays it inherits before its own.
    for (const ancestor of [...chain.names].reverse()) addHolidays(calendar.holidays, specs[ancestor]?.holidays ?? [], years, publicHolidays);
  }
  return { calendars, problems };
}

/** The calendars every installation has, file or not. */
export function builtInCalendars(): Map<string, BusinessCalendar> {
  return new Map([[ALWAYS_CALENDAR_NAME, CALENDAR_24X7]]);
}

function compileWeekly(
  spec: CalendarSpec,
  report: (path: Array<string | number>, message: string, hint?: string) => void,
): Record<Weekday, WorkingSpan[]> {
  const weekly = {} as Record<Weekday, WorkingSpan[]>;
  for (const day of WEEKDAYS) {
    const written = spec.hours[day];
    const texts = typeof written === 'string' ? [written] : (written ?? []);
    const spans: Array<{ span: WorkingSpan; path: Array<string | number> }> = [];
    texts.forEach((text, index) => {
      const parsed = parseWorkingSpan(text);
      if (!('error' in parsed)) spans.push({ span: parsed, path: typeof written === 'string' ? [day] : [day, index] });
    });
    spans.sort((a, b) => a.span.startMinute - b.span.startMinute);
    for (let i = 1; i < spans.length; i++) {
      const previous = spans[i - 1]!;
      const current = spans[i]!;
      if (current.span.startMinute < previous.span.endMinute) {
        report(
          current.path,
          `span ${formatWorkingSpan(current.span)} overlaps ${formatWorkingSpan(previous.span)}`,
          'merge the two spans into one',
        );
      }
    }
    weekly[day] = spans.map((entry) => entry.span);
  }
  return weekly;
}

/** The calendar and the calendars it extends, nearest first; `cycle` when a name comes round again. */
function extendsChain(name: string, specs: Record<string, CalendarSpec>): { names: string[]; cycle: boolean } {
  const names = [name];
  let next = specs[name]?.extends;
  while (next !== undefined && specs[next] !== undefined) {
    if (names.includes(next)) return { names: [...names, next], cycle: true };
    names.push(next);
    next = specs[next]?.extends;
  }
  return { names, cycle: false };
}

function addHolidays(rules: HolidayRules, holidays: readonly HolidayEntry[], years: YearRange, publicHolidays: PublicHolidaySource): void {
  for (const holiday of holidays) {
    if ('country' in holiday) {
      // An unknown country or region is reported above; it adds nothing.
      if (publicHolidays.problem(holiday) === undefined) rules.dates.push(...publicHolidays.dates(holiday, years));
    } else if (holiday.easter !== undefined) {
      rules.easterOffsets.push({ offset: holiday.easter, name: holiday.name });
    } else if (holiday.date !== undefined && holiday.date.length === 5) {
      const [month, day] = holiday.date.split('-').map(Number) as [number, number];
      rules.fixed.push({ month, day, name: holiday.name });
    } else if (holiday.date !== undefined) {
      rules.dates.push({ date: holiday.date, name: holiday.name });
    }
  }
}

function timeZoneHint(zone: string): string {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return didYouMean(zone, known) ?? 'use an IANA time zone name such as Europe/Berlin or UTC';
}
