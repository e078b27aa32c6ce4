import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import type { BusinessCalendar } from '../src/sla/business-calendar';
import { dayNumber } from '../src/sla/day-number';
import { HolidayIndex } from '../src/sla/holiday-index';
import { loadCalendars, loadCalendarsFile } from '../src/sla/load-calendars';
import { readCalendars } from '../src/sla/read-calendars';
import { PositionedYaml } from '../src/source/positioned-yaml';
import { formatProblem, SourceProblemsError } from '../src/source/problem';

const FILE = 'flows/calendars.yaml';

function problemsOf(text: string): string[] {
  return readCalendars(new PositionedYaml(FILE, text), { holidayYears: { from: 2026, to: 2026 } }).problems.map(formatProblem);
}

function holidaysIn(year: number, rules: HolidayIndex): string[] {
  const names: string[] = [];
  for (let day = dayNumber(year, 1, 1); day < dayNumber(year + 1, 1, 1); day++) {
    const name = rules.nameOn(day);
    if (name !== undefined) names.push(`${new Date(day * 86_400_000).toISOString().slice(0, 10)} ${name}`);
  }
  return names;
}

describe('calendars: the shipped file', () => {
  // Read per test, not while mocha loads the file (see test/helpers/per-test.ts).
  let calendars: Map<string, BusinessCalendar>;
  beforeEach(() => {
    calendars = loadCalendars(FILE);
  });

  it('has office-hours, halle-service-desk, it-night-shift and the built-in 24x7', () => {
    expect([...calendars.keys()].sort()).to.deep.equal(['24x7', 'halle-service-desk', 'it-night-shift', 'office-hours', 'polish-desk']);
    expect(calendars.get('24x7')).to.deep.equal(CALENDAR_24X7);
    expect(calendars.get('office-hours')).to.deep.include({ name: 'office-hours', timezone: 'Europe/Berlin' });
    expect(calendars.get('office-hours')!.weekly.mon).to.deep.equal([{ startMinute: 480, endMinute: 1020 }]);
    expect(calendars.get('office-hours')!.weekly.sat).to.deep.equal([]);
    expect(calendars.get('it-night-shift')!.weekly.sun).to.deep.equal([{ startMinute: 1320, endMinute: 1800 }]);
  });

  it('office-hours closes on the nationwide German holidays (2026)', () => {
    expect(holidaysIn(2026, new HolidayIndex(calendars.get('office-hours')!.holidays))).to.deep.equal([
      "2026-01-01 New Year's Day",
      '2026-04-03 Good Friday',
      '2026-04-06 Easter Monday',
      '2026-05-01 Labour Day',
      '2026-05-14 Ascension Day',
      '2026-05-25 Whit Monday',
      '2026-10-03 National Holiday',
      '2026-12-25 Christmas Day',
      '2026-12-26 Boxing Day',
    ]);
  });

  it('halle-service-desk has Saxony-Anhalt’s: the nationwide ones, Epiphany and Reformation Day (2027)', () => {
    expect(holidaysIn(2027, new HolidayIndex(calendars.get('halle-service-desk')!.holidays))).to.deep.equal([
      "2027-01-01 New Year's Day",
      '2027-01-06 Epiphany',
      '2027-03-26 Good Friday',
      '2027-03-29 Easter Monday',
      '2027-05-01 Labour Day',
      '2027-05-06 Ascension Day',
      '2027-05-17 Whit Monday',
      '2027-10-03 National Holiday',
      '2027-10-31 Reformation Day',
      '2027-12-25 Christmas Day',
      '2027-12-26 Boxing Day',
    ]);
  });

  it('polish-desk closes on the Polish public holidays, Corpus Christi and (since 2025) Christmas Eve included (2026)', () => {
    expect(calendars.get('polish-desk')).to.deep.include({ timezone: 'Europe/Warsaw' });
    expect(holidaysIn(2026, new HolidayIndex(calendars.get('polish-desk')!.holidays)).map((line) => line.slice(0, 10))).to.deep.equal([
      '2026-01-01', '2026-01-06', '2026-04-05', '2026-04-06', '2026-05-01', '2026-05-03', '2026-05-24', '2026-06-04',
      '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-24', '2026-12-25', '2026-12-26',
    ]);
  });

  it('compiles to plain JSON that survives a round trip (workflow input)', () => {
    for (const calendar of calendars.values()) expect(JSON.parse(JSON.stringify(calendar))).to.deep.equal(calendar);
  });

  it('a missing file leaves only 24x7; loadCalendars insists on the file', () => {
    const { calendars: only, problems } = loadCalendarsFile('flows/no-such-calendars.yaml');
    expect(problems).to.deep.equal([]);
    expect([...only.keys()]).to.deep.equal(['24x7']);
    expect(() => loadCalendars('flows/no-such-calendars.yaml')).to.throw(/ENOENT/);
  });
});

/**
 * Public holidays as they used to be typed into flows/calendars.yaml by hand (Germany, and
 * Saxony-Anhalt's two more), and the Polish statutory holidays, as rules. The data set must
 * give exactly these days, year by year.
 */
const HAND_WRITTEN = {
  DE: `[{ date: '01-01', name: a }, { easter: -2, name: b }, { easter: 1, name: c }, { date: '05-01', name: d }, { easter: 39, name: e },
        { easter: 50, name: f }, { date: '10-03', name: g }, { date: '12-25', name: h }, { date: '12-26', name: i }]`,
  ST: `[{ date: '01-06', name: j }, { date: '10-31', name: k }]`,
  PL: `[{ date: '01-01', name: a }, { date: '01-06', name: b }, { easter: 0, name: c }, { easter: 1, name: d }, { date: '05-01', name: e },
        { date: '05-03', name: f }, { easter: 49, name: g }, { easter: 60, name: h }, { date: '08-15', name: i }, { date: '11-01', name: j },
        { date: '11-11', name: k }, { date: '12-25', name: l }, { date: '12-26', name: m }]`,
};

function holidayDates(calendar: string, from: number, to: number): string[] {
  const { calendars, problems } = readCalendars(new PositionedYaml(FILE, `calendars:\n  c:\n    timezone: UTC\n    hours: { mon: '09:00-17:00' }\n    holidays: ${calendar}\n`), {
    holidayYears: { from, to },
  });
  expect(problems.map(formatProblem)).to.deep.equal([]);
  const index = new HolidayIndex(calendars.get('c')!.holidays);
  const dates: string[] = [];
  for (let year = from; year <= to; year++) dates.push(...holidaysIn(year, index).map((line) => line.slice(0, 10)));
  return dates;
}

describe('calendars: public holidays from the date-holidays data set', () => {
  it('Germany: the same days as the hand-written table, 2020–2035', () => {
    expect(holidayDates('[{ country: DE }]', 2020, 2035)).to.deep.equal(holidayDates(HAND_WRITTEN.DE, 2020, 2035));
  });

  it('Saxony-Anhalt: the nationwide days plus Epiphany and Reformation Day, 2020–2035', () => {
    const both = `[${HAND_WRITTEN.DE.slice(1, -1)}, ${HAND_WRITTEN.ST.slice(1, -1)}]`;
    expect(holidayDates('[{ country: DE, region: ST }]', 2020, 2035)).to.deep.equal(holidayDates(both, 2020, 2035));
  });

  it('Poland: the statutory days, and Christmas Eve from 2025 on, 2020–2035', () => {
    const untilChristmasEveLaw = holidayDates(HAND_WRITTEN.PL, 2020, 2024);
    const since = holidayDates(`[${HAND_WRITTEN.PL.slice(1, -1)}, { date: '12-24', name: n }]`, 2025, 2035);
    expect(holidayDates('[{ country: PL }]', 2020, 2035)).to.deep.equal([...untilChristmasEveLaw, ...since]);
  });

  it('resolves into plain dates for the years asked, beside the company’s own days, and names them in the language asked', () => {
    const { calendars } = readCalendars(
      new PositionedYaml(FILE, "calendars:\n  c:\n    timezone: Europe/Berlin\n    hours: { mon: '09:00-17:00' }\n    holidays:\n      - { country: DE, region: BY, language: de }\n      - { date: '12-24', name: Company day }\n"),
      { holidayYears: { from: 2026, to: 2026 } },
    );
    const holidays = calendars.get('c')!.holidays;
    expect(holidays.fixed).to.deep.equal([{ month: 12, day: 24, name: 'Company day' }]);
    expect(holidays.easterOffsets).to.deep.equal([]);
    expect(holidays.dates.map(({ date }) => date)).to.include.members(['2026-01-06', '2026-06-04', '2026-11-01']);
    expect(holidays.dates.find(({ date }) => date === '2026-10-03')?.name).to.equal('Tag der Deutschen Einheit');
    expect(holidays.dates.every(({ date }) => date.startsWith('2026-'))).to.equal(true);
  });

  it('reports an unknown country or region at its position, with the codes it could have meant', () => {
    const calendar = (holidays: string): string => `calendars:\n  c:\n    timezone: UTC\n    hours: { mon: '09:00-17:00' }\n    holidays:\n${holidays}`;
    expect(problemsOf(calendar('      - { country: DX }\n      - { country: DE, region: SA }\n'))).to.deep.equal([
      "flows/calendars.yaml:6:20: calendars.c.holidays.0.country: unknown country 'DX' (use an ISO 3166-1 code such as DE, AT, CH or PL)",
      "flows/calendars.yaml:7:32: calendars.c.holidays.1.region: unknown region 'SA' of DE (regions of DE: BB, BE, BW, BY, HB, HE, HH, MV, NI, NW, RP, SH, SL, SN, ST, TH)",
    ]);
    expect(problemsOf(calendar('      - { country: de }\n'))).to.deep.equal([
      'flows/calendars.yaml:6:20: calendars.c.holidays.0.country: country codes are two capital letters (ISO 3166-1), e.g. DE or PL',
    ]);
  });
});

describe('calendars: reading', () => {
  it('extends chains: ancestors’ holidays first; one-off dates; a single span without a list', () => {
    const { calendars, problems } = readCalendars(
      new PositionedYaml(
        FILE,
        `calendars:
  base:
    timezone: UTC
    hours: { mon: '09:00-17:00' }
    holidays: [{ date: '01-01', name: New Year }]
  middle:
    timezone: UTC
    extends: base
    hours: { mon: '09:00-17:00' }
    holidays: [{ date: '2026-06-15', name: Company day }]
  leaf:
    timezone: America/New_York
    extends: middle
    hours: { tue: ['09:00-12:00', '13:00-17:00'] }
    holidays: [{ easter: 0, name: Easter Sunday }]
  on-top-of-24x7:
    timezone: UTC
    extends: 24x7
    hours: { sun: ['22:00-00:00'] }
`,
      ),
      { holidayYears: { from: 2026, to: 2026 } },
    );
    expect(problems).to.deep.equal([]);
    expect(calendars.get('leaf')!.holidays).to.deep.equal({
      fixed: [{ month: 1, day: 1, name: 'New Year' }],
      dates: [{ date: '2026-06-15', name: 'Company day' }],
      easterOffsets: [{ offset: 0, name: 'Easter Sunday' }],
    });
    expect(calendars.get('leaf')!.weekly.tue).to.deep.equal([
      { startMinute: 540, endMinute: 720 },
      { startMinute: 780, endMinute: 1020 },
    ]);
    expect(calendars.get('base')!.weekly.mon).to.deep.equal([{ startMinute: 540, endMinute: 1020 }]);
    expect(calendars.get('on-top-of-24x7')!.weekly.sun).to.deep.equal([{ startMinute: 1320, endMinute: 1440 }]);
  });

  it('reports shape and format mistakes at their line and column', () => {
    expect(
      problemsOf(`calendars:
  office:
    timezone: Europe/Berlin
    hours:
      monday: ['08:00-17:00']
      tue: ['08:00-25:00', '8:00-9:00', '09:00-09:00']
    holidays:
      - { date: '13-01', name: Nope }
      - { easter: 1, date: '01-01', name: Both }
      - { date: '2026-02-29', name: Not a leap year }
      - { easter: 1.5, name: Half }
    extend: base
  Bad_Name:
    timezone: UTC
    hours: {}
`),
    ).to.deep.equal([
      "flows/calendars.yaml:6:13: calendars.office.hours.tue.0: '08:00-25:00' has a time that does not exist; hours go from 00:00 to 23:59 (24:00 may end a span)",
      "flows/calendars.yaml:6:28: calendars.office.hours.tue.1: '8:00-9:00' is not a span; write e.g. '08:00-17:00' or '22:00-06:00'",
      "flows/calendars.yaml:6:41: calendars.office.hours.tue.2: '09:00-09:00' is empty; a whole day is '00:00-24:00'",
      'flows/calendars.yaml:5:7: unknown key \'monday\' in calendars.office.hours (allowed keys: fri, mon, sat, sun, thu, tue, wed)',
      "flows/calendars.yaml:8:17: calendars.office.holidays.0.date: '13-01' is not a date; write MM-DD every year or YYYY-MM-DD once",
      "flows/calendars.yaml:9:9: calendars.office.holidays.1: a holiday has exactly one of 'date' (MM-DD or YYYY-MM-DD) or 'easter' (days from Easter Sunday)",
      "flows/calendars.yaml:10:17: calendars.office.holidays.2.date: '2026-02-29' is not a date; write MM-DD every year or YYYY-MM-DD once",
      'flows/calendars.yaml:11:19: calendars.office.holidays.3.easter: Invalid input: expected int, received number',
      "flows/calendars.yaml:12:5: unknown key 'extend' in calendars.office (did you mean 'extends'?)",
      "flows/calendars.yaml:13:3: invalid key 'Bad_Name' in calendars: calendar names are lower-kebab-case, e.g. office-hours",
    ]);
  });

  it('reports unknown time zones, calendars and overlapping spans with a hint', () => {
    expect(
      problemsOf(`calendars:
  office:
    timezone: Europe/Berln
    hours:
      mon: ['08:00-12:00', '11:00-17:00']
  shop:
    timezone: Mars/Olympus
    extends: ofice
    hours:
      mon: []
  24x7:
    timezone: UTC
    hours: { mon: ['00:00-24:00'] }
`),
    ).to.deep.equal([
      "flows/calendars.yaml:3:15: calendars.office.timezone: unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)",
      'flows/calendars.yaml:5:28: calendars.office.hours.mon.1: span 11:00-17:00 overlaps 08:00-12:00 (merge the two spans into one)',
      "flows/calendars.yaml:7:15: calendars.shop.timezone: unknown time zone 'Mars/Olympus' (use an IANA time zone name such as Europe/Berlin or UTC)",
      "flows/calendars.yaml:8:14: calendars.shop.extends: unknown calendar 'ofice' (did you mean 'office'?)",
      "flows/calendars.yaml:10:7: calendars.shop.hours: no working time in the week (list spans for at least one weekday, e.g. mon: ['08:00-17:00'])",
      "flows/calendars.yaml:11:3: calendars.24x7: '24x7' is built in (always working time, UTC) and cannot be redefined (choose another name)",
    ]);
  });

  it('reports a circle of extends once per member, not on calendars leading into it', () => {
    expect(
      problemsOf(`calendars:
  a:
    timezone: UTC
    extends: b
    hours: { mon: '00:00-24:00' }
  b:
    timezone: UTC
    extends: a
    hours: { mon: '00:00-24:00' }
  c:
    timezone: UTC
    extends: a
    hours: { mon: '00:00-24:00' }
`),
    ).to.deep.equal([
      "flows/calendars.yaml:4:14: calendars.a.extends: 'extends' goes round in a circle: a -> b -> a (one calendar of the circle must not extend another)",
      "flows/calendars.yaml:8:14: calendars.b.extends: 'extends' goes round in a circle: b -> a -> b (one calendar of the circle must not extend another)",
    ]);
  });

  it('loadCalendars throws every problem, sorted, as one SourceProblemsError', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sopflow-calendars-')), 'calendars.yaml');
    writeFileSync(file, 'calendars:\n  x:\n    hours: {}\n    timezone: Nowhere\n');
    expect(() => loadCalendars(file))
      .to.throw(SourceProblemsError)
      .with.property(
        'message',
        [
          `${file}:3:12: calendars.x.hours: no working time in the week (list spans for at least one weekday, e.g. mon: ['08:00-17:00'])`,
          `${file}:4:15: calendars.x.timezone: unknown time zone 'Nowhere' (use an IANA time zone name such as Europe/Berlin or UTC)`,
        ].join('\n'),
      );
    expect(loadCalendarsFile(file).problems).to.have.length(2);
  });
});
