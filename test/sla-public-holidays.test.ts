import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCalendars, loadCalendarsFile } from '../src/sla/load-calendars';
import { holidayDataVersion, holidayYearsAround, publicHolidayDates, publicHolidaysProblem } from '../src/sla/public-holidays';
import { formatProblem } from '../src/source/problem';

/*
 * Public holidays from the date-holidays data set, and the loader's cache of what it said.
 * Expected days are checked against a wall calendar: Easter Sunday 2008 was 23 March, so
 * Ascension Day (Easter + 39) fell on 1 May, Labour Day.
 */

describe('public holidays: the years a load resolves', () => {
  it('last year to five years ahead, by the UTC year', () => {
    expect(holidayYearsAround(new Date(Date.UTC(2026, 0, 1)))).to.deep.equal({ from: 2025, to: 2031 });
    expect(holidayYearsAround(new Date('2026-12-31T23:30:00-01:00'))).to.deep.equal({ from: 2026, to: 2032 });
  });
});

describe('public holidays: unknown countries and regions', () => {
  it('a known country, or a known region of it, is no problem', () => {
    expect(publicHolidaysProblem({ country: 'DE' })).to.equal(undefined);
    expect(publicHolidaysProblem({ country: 'DE', region: 'ST' })).to.equal(undefined);
  });

  it('a region close to a known one is suggested', () => {
    expect(publicHolidaysProblem({ country: 'DE', region: 'BYY' })).to.deep.equal({ key: 'region', message: "unknown region 'BYY' of DE", hint: "did you mean 'BY'?" });
  });

  it('a region of a country that has none says to remove it', () => {
    expect(publicHolidaysProblem({ country: 'IS', region: 'A' })).to.deep.equal({ key: 'region', message: "unknown region 'A' of IS", hint: 'IS has no regions in the data; remove region' });
  });
});

describe('public holidays: the dates of a country', () => {
  it('a day counts once when two holidays fall on it (Germany 2008: Labour Day and Ascension Day)', () => {
    expect(publicHolidayDates({ country: 'DE' }, { from: 2008, to: 2008 })).to.deep.equal([
      { date: '2008-01-01', name: "New Year's Day" },
      { date: '2008-03-21', name: 'Good Friday' },
      { date: '2008-03-24', name: 'Easter Monday' },
      { date: '2008-05-01', name: 'Labour Day' },
      { date: '2008-05-12', name: 'Whit Monday' },
      { date: '2008-10-03', name: 'National Holiday' },
      { date: '2008-12-25', name: 'Christmas Day' },
      { date: '2008-12-26', name: 'Boxing Day' },
    ]);
  });

  it('both years of a range, only public holidays unless other types are asked for', () => {
    const dates = publicHolidayDates({ country: 'DE' }, { from: 2026, to: 2027 }).map(({ date }) => date);
    expect(dates[0]).to.equal('2026-01-01');
    expect(dates.at(-1)).to.equal('2027-12-26');
    expect(dates).to.have.length(18);
    // Easter Sunday (5 April 2026) is an observance in Germany, not a public holiday.
    expect(dates).not.to.include('2026-04-05');
    expect(publicHolidayDates({ country: 'DE', types: ['observance'] }, { from: 2026, to: 2026 }).map(({ date }) => date)).to.include('2026-04-05');
  });

  it('the data set has a version, which the cache keys on', () => {
    expect(holidayDataVersion()).to.match(/^\d+\.\d+\.\d+/);
  });
});

describe('public holidays: the loader’s cache', () => {
  const FILE_TEXT = `calendars:
  germany:
    timezone: Europe/Berlin
    hours: { mon: '08:00-17:00' }
    holidays: [{ country: DE }]
  saxony-anhalt:
    timezone: Europe/Berlin
    hours: { mon: '08:00-17:00' }
    holidays: [{ country: DE, region: ST }]
`;
  let saved: string | undefined;
  let cache: string;
  let file: string;
  beforeEach(() => {
    saved = process.env['SOPFLOW_CACHE_DIR'];
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-holiday-cache-'));
    // A cache directory that does not exist yet: the loader creates it.
    cache = join(dir, 'cache', 'sopflow');
    process.env['SOPFLOW_CACHE_DIR'] = cache;
    file = join(dir, 'calendars.yaml');
    writeFileSync(file, FILE_TEXT);
  });
  afterEach(() => {
    if (saved === undefined) delete process.env['SOPFLOW_CACHE_DIR'];
    else process.env['SOPFLOW_CACHE_DIR'] = saved;
  });

  const stored = (): Array<{ name: string; entry: { version: string; value: unknown } }> =>
    readdirSync(join(cache, 'holidays'))
      .sort()
      .map((name) => ({ name, entry: JSON.parse(readFileSync(join(cache, 'holidays', name), 'utf8')) as { version: string; value: unknown } }));

  const rewrite = (change: (entry: { version: string; value: unknown }) => { version: string; value: unknown }): void => {
    for (const { name, entry } of stored()) writeFileSync(join(cache, 'holidays', name), JSON.stringify(change(entry)));
  };

  it('stores each answer once, as a whole JSON file with the data set’s version', () => {
    const calendars = loadCalendars(file);
    expect(calendars.get('saxony-anhalt')!.holidays.dates.some(({ name }) => name === 'Epiphany')).to.equal(true);
    expect(calendars.get('germany')!.holidays.dates.some(({ name }) => name === 'Epiphany')).to.equal(false);
    // Known-or-not and the dates, for each of the two specs: four entries, no half-written file left.
    const entries = stored();
    expect(entries.map(({ name }) => name).filter((name) => /^[0-9a-f]{32}\.json$/.test(name))).to.have.length(4);
    expect(entries).to.have.length(4);
    expect(entries.every(({ entry }) => entry.version === holidayDataVersion())).to.equal(true);
    // "Known" is stored as null (JSON has no undefined).
    expect(entries.filter(({ entry }) => entry.value === null)).to.have.length(2);
  });

  /** One calendar only, where two are not needed: every spec costs the data set's work for seven years. */
  const germanyOnly = (): void => writeFileSync(file, FILE_TEXT.split('  saxony-anhalt:')[0]!);

  it('a later load answers from the stored entries of the same data version', () => {
    germanyOnly();
    loadCalendars(file);
    rewrite(({ version, value }) => ({ version, value: Array.isArray(value) ? [{ date: '2030-07-15', name: 'From the cache' }] : value }));
    const calendars = loadCalendars(file);
    expect(calendars.get('germany')!.holidays.dates).to.deep.equal([{ date: '2030-07-15', name: 'From the cache' }]);
  });

  it('an entry of another data version is computed again', () => {
    germanyOnly();
    loadCalendars(file);
    rewrite(({ value }) => ({ version: 'an older version', value: Array.isArray(value) ? [{ date: '2030-07-15', name: 'From the cache' }] : value }));
    const calendars = loadCalendars(file);
    expect(calendars.get('germany')!.holidays.dates.map(({ name }) => name)).to.include("New Year's Day").and.not.to.include('From the cache');
    expect(stored().every(({ entry }) => entry.version === holidayDataVersion())).to.equal(true);
  });

  it('an unknown country is reported on every load, the first and the cached one', () => {
    writeFileSync(file, "calendars:\n  c:\n    timezone: UTC\n    hours: { mon: '09:00-17:00' }\n    holidays: [{ country: DX }]\n");
    const problem = `${file}:5:27: calendars.c.holidays.0.country: unknown country 'DX' (use an ISO 3166-1 code such as DE, AT, CH or PL)`;
    expect(loadCalendarsFile(file).problems.map(formatProblem)).to.deep.equal([problem]);
    expect(loadCalendarsFile(file).problems.map(formatProblem)).to.deep.equal([problem]);
    expect(loadCalendarsFile(file).calendars.get('c')!.holidays.dates).to.deep.equal([]);
  });

  it('a cache that cannot be written costs nothing but the time', () => {
    // The cache "directory" is a file: nothing can be stored below it.
    const notADirectory = join(file, '..', 'not-a-directory');
    writeFileSync(notADirectory, '');
    process.env['SOPFLOW_CACHE_DIR'] = notADirectory;
    germanyOnly();
    expect(loadCalendars(file).get('germany')!.holidays.dates.map(({ name }) => name)).to.include("New Year's Day");
  });
});
