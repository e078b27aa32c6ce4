import type Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import { didYouMean } from '../source/suggest';

/*
 * Public holidays from the maintained `date-holidays` data set instead of hand-typed tables
 * (which get Corpus Christi, Repentance Day or a new law wrong). Resolved when calendars are
 * loaded, into plain one-off dates: workflows receive dates and never run this code.
 */

/**
 * The data set, loaded on first use: it takes a fifth of a second to load, which commands that
 * never resolve a holiday (`sopflow --help`) should not pay.
 */
function holidayData(): typeof Holidays {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load; calendars load synchronously
  const module = require('date-holidays') as typeof Holidays & { default?: typeof Holidays };
  // The CommonJS build exports the class itself; an ES module build would export it as default.
  loaded ??= module.default ?? module;
  return loaded;
}
let loaded: typeof Holidays | undefined;

/** A calendar's `holidays:` entry that names a country (and region) instead of a date. */
export interface PublicHolidaysSpec {
  /** ISO 3166-1 country code: DE, PL, AT … */
  country: string;
  /** The country's state or region code as `date-holidays` names it: ST (Saxony-Anhalt), BY … */
  region?: string | undefined;
  /** Language of the holiday names; default English. */
  language?: string | undefined;
  /** Which kinds of days close the calendar; default only `public` holidays. */
  types?: HolidaysTypes.HolidayType[] | undefined;
}

/** The kinds of days `date-holidays` knows. */
export const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'] as const;

/** Years to resolve, both included. */
export interface YearRange {
  from: number;
  to: number;
}

/**
 * The years a load resolves: last year (tickets opened before New Year) to five years ahead.
 * A worker that runs longer picks up later years when it is restarted with the calendars.
 */
export function holidayYearsAround(now: Date): YearRange {
  const year = now.getUTCFullYear();
  return { from: year - 1, to: year + 5 };
}

/** What a calendar read asks about public holidays; `DATE_HOLIDAYS` answers from the data set, a loader may cache it. */
export interface PublicHolidaySource {
  problem(spec: PublicHolidaysSpec): ReturnType<typeof publicHolidaysProblem>;
  dates(spec: PublicHolidaysSpec, years: YearRange): Array<{ date: string; name: string }>;
}

/** Public holidays straight from the `date-holidays` data set. */
export const DATE_HOLIDAYS: PublicHolidaySource = { problem: (spec) => publicHolidaysProblem(spec), dates: (spec, years) => publicHolidayDates(spec, years) };

/** Version of the data set, for caches of what it said. */
export function holidayDataVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- package metadata, read on demand
  return (require('date-holidays/package.json') as { version: string }).version;
}

/** Why a spec names no known country or region, with the key at fault, or undefined when it is known. */
export function publicHolidaysProblem(spec: PublicHolidaysSpec): { key: 'country' | 'region'; message: string; hint: string } | undefined {
  const data = new (holidayData())();
  const countries = Object.keys(data.getCountries());
  if (!countries.includes(spec.country)) {
    return { key: 'country', message: `unknown country '${spec.country}'`, hint: didYouMean(spec.country, countries) ?? 'use an ISO 3166-1 code such as DE, AT, CH or PL' };
  }
  if (spec.region !== undefined) {
    const regions = Object.keys(data.getStates(spec.country) ?? {});
    if (!regions.includes(spec.region)) {
      const known = regions.length ? `regions of ${spec.country}: ${regions.join(', ')}` : `${spec.country} has no regions in the data; remove region`;
      return { key: 'region', message: `unknown region '${spec.region}' of ${spec.country}`, hint: didYouMean(spec.region, regions) ?? known };
    }
  }
  return undefined;
}

/** Every holiday of the spec in the years given, as `YYYY-MM-DD` local dates with their names, in date order. */
export function publicHolidayDates(spec: PublicHolidaysSpec, years: YearRange): Array<{ date: string; name: string }> {
  const language = spec.language ?? 'en';
  const Data = holidayData();
  const data = spec.region === undefined ? new Data(spec.country, { languages: [language] }) : new Data(spec.country, spec.region, { languages: [language] });
  const types = new Set<string>(spec.types ?? ['public']);
  const dates: Array<{ date: string; name: string }> = [];
  for (let year = years.from; year <= years.to; year++) {
    for (const holiday of data.getHolidays(year, language)) {
      // `date` is the local start, 'YYYY-MM-DD hh:mm:ss'; a day counts once even if two holidays share it.
      const date = holiday.date.slice(0, 10);
      if (types.has(holiday.type) && dates[dates.length - 1]?.date !== date) dates.push({ date, name: holiday.name });
    }
  }
  return dates;
}
