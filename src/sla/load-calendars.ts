import { existsSync, readFileSync } from 'node:fs';
import { PositionedYaml } from '../source/positioned-yaml';
import { SourceProblemsError } from '../source/problem';
import type { BusinessCalendar } from './business-calendar';
import { holidayYearsAround } from './public-holidays';
import type { CalendarsReadResult } from './read-calendars';
import { builtInCalendars, readCalendars } from './read-calendars';

/*
 * The only file in src/sla that does I/O or reads the clock (for the years whose public
 * holidays it resolves): workflows must never import it. They get compiled calendars, with
 * plain dates, as input instead.
 */

/** Where the calendars live, relative to the project directory. */
export const DEFAULT_CALENDARS_FILE = 'flows/calendars.yaml';

/**
 * Reads and compiles a calendar file. A missing file is not an error: only the built-in `24x7`
 * exists then, which is every flow's default calendar.
 */
export function loadCalendarsFile(file: string = DEFAULT_CALENDARS_FILE): CalendarsReadResult {
  if (!existsSync(file)) return { calendars: builtInCalendars(), problems: [] };
  return readCalendars(new PositionedYaml(file, readFileSync(file, 'utf8')), { holidayYears: holidayYearsAround(new Date()) });
}

/** Like `loadCalendarsFile`, but the file must exist and every problem is thrown as a `SourceProblemsError`. */
export function loadCalendars(file: string = DEFAULT_CALENDARS_FILE): Map<string, BusinessCalendar> {
  const text = readFileSync(file, 'utf8');
  const { calendars, problems } = readCalendars(new PositionedYaml(file, text), { holidayYears: holidayYearsAround(new Date()) });
  if (problems.length > 0) throw new SourceProblemsError(problems);
  return calendars;
}
