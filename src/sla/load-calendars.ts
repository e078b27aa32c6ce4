import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../servers/cache-dir';
import { PositionedYaml } from '../source/positioned-yaml';
import { SourceProblemsError } from '../source/problem';
import type { BusinessCalendar } from './business-calendar';
import { DEFAULT_CALENDARS_FILE } from './calendar-file';
import type { PublicHolidaySource, PublicHolidaysSpec, YearRange } from './public-holidays';
import { DATE_HOLIDAYS, holidayDataVersion, holidayYearsAround } from './public-holidays';
import type { CalendarsReadResult } from './read-calendars';
import { builtInCalendars, readCalendars } from './read-calendars';

/*
 * The only file in src/sla that does I/O or reads the clock (for the years whose public
 * holidays it resolves): workflows must never import it. They get compiled calendars, with
 * plain dates, as input instead.
 */

export { DEFAULT_CALENDARS_FILE };

/**
 * Reads and compiles a calendar file. A missing file is not an error: only the built-in `24x7`
 * exists then, which is every flow's default calendar.
 */
export function loadCalendarsFile(file: string = DEFAULT_CALENDARS_FILE): CalendarsReadResult {
  if (!existsSync(file)) return { calendars: builtInCalendars(), problems: [] };
  return readCalendars(new PositionedYaml(file, readFileSync(file, 'utf8')), readOptions());
}

/** Like `loadCalendarsFile`, but the file must exist and every problem is thrown as a `SourceProblemsError`. */
export function loadCalendars(file: string = DEFAULT_CALENDARS_FILE): Map<string, BusinessCalendar> {
  const text = readFileSync(file, 'utf8');
  const { calendars, problems } = readCalendars(new PositionedYaml(file, text), readOptions());
  if (problems.length > 0) throw new SourceProblemsError(problems);
  return calendars;
}

function readOptions(): { holidayYears: YearRange; publicHolidays: PublicHolidaySource } {
  return { holidayYears: holidayYearsAround(new Date()), publicHolidays: cachedPublicHolidays() };
}

/**
 * Public holidays with a machine-local cache (`~/.cache/sopflow/holidays`): loading the data
 * set and computing seven years of a region takes a few hundred milliseconds, which every
 * `sopflow validate` and every CLI command that opens a ticket would otherwise pay. An entry is
 * keyed by the spec, the years and the data set's version, so an upgrade recomputes it. A
 * cache that cannot be read or written is skipped, never an error.
 */
function cachedPublicHolidays(): PublicHolidaySource {
  const entry = (kind: string, spec: PublicHolidaysSpec, years?: YearRange): string => {
    const key = JSON.stringify([kind, spec.country, spec.region ?? '', spec.language ?? '', spec.types ?? [], years ?? null]);
    return join(cacheDir(), 'holidays', `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  };
  const cached = <T>(file: string, compute: () => T): T => {
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { version: string; value: T };
      if (stored.version === holidayDataVersion()) return stored.value;
    } catch {
      // Not cached yet (or unreadable): compute it.
    }
    const value = compute();
    try {
      mkdirSync(join(cacheDir(), 'holidays'), { recursive: true });
      // Written aside and renamed: a reader never sees half a file.
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify({ version: holidayDataVersion(), value }));
      renameSync(partial, file);
    } catch {
      // A read-only or full disk only costs the next run the time again.
    }
    return value;
  };
  return {
    // `null` stands for "known" in the cache: JSON has no undefined.
    problem: (spec) => cached(entry('problem', spec), () => DATE_HOLIDAYS.problem(spec) ?? null) ?? undefined,
    dates: (spec, years) => cached(entry('dates', spec, years), () => DATE_HOLIDAYS.dates(spec, years)),
  };
}
