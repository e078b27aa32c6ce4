import { expect } from 'chai';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { dayNumber } from '../src/sla/day-number';
import { HolidayIndex } from '../src/sla/holiday-index';
import type { PublicHolidaySource, PublicHolidaysSpec, YearRange } from '../src/sla/public-holidays';
import type { CalendarsReadResult } from '../src/sla/read-calendars';
import { readCalendars } from '../src/sla/read-calendars';
import { PositionedYaml } from '../src/source/positioned-yaml';
import { formatProblem } from '../src/source/problem';

/*
 * The rules readCalendars applies across a calendar file: spans in order and overlapping, the
 * order of inherited holidays, the built-in 24x7, and what it asks the public holiday source.
 * The source is a stand-in here, so each test says exactly which countries are known.
 */

const FILE = 'calendars.yaml';

function read(text: string, publicHolidays?: PublicHolidaySource): CalendarsReadResult {
  return readCalendars(new PositionedYaml(FILE, text), { holidayYears: { from: 2030, to: 2031 }, ...(publicHolidays ? { publicHolidays } : {}) });
}

describe('calendars: spans of a weekday', () => {
  it('sorts spans written out of order', () => {
    const { calendars, problems } = read("calendars:\n  c:\n    timezone: UTC\n    hours: { mon: ['13:00-17:00', '08:00-12:00'] }\n");
    expect(problems).to.deep.equal([]);
    expect(calendars.get('c')!.weekly.mon).to.deep.equal([
      { startMinute: 480, endMinute: 720 },
      { startMinute: 780, endMinute: 1020 },
    ]);
  });

  it('spans that touch do not overlap', () => {
    const { calendars, problems } = read("calendars:\n  c:\n    timezone: UTC\n    hours: { mon: ['08:00-12:00', '12:00-17:00'] }\n");
    expect(problems).to.deep.equal([]);
    expect(calendars.get('c')!.weekly.mon).to.have.length(2);
  });

  it('reports the later-starting of two overlapping spans, at its own position, whatever the order written', () => {
    expect(read("calendars:\n  c:\n    timezone: UTC\n    hours: { mon: ['11:00-17:00', '08:00-12:00'] }\n").problems.map(formatProblem)).to.deep.equal([
      'calendars.yaml:4:20: calendars.c.hours.mon.0: span 11:00-17:00 overlaps 08:00-12:00 (merge the two spans into one)',
    ]);
  });
});

describe('calendars: extends', () => {
  it('an unknown calendar with no name close to it lists the known ones', () => {
    expect(read('calendars:\n  office:\n    timezone: UTC\n    extends: warehouse\n    hours: { mon: \'08:00-17:00\' }\n').problems.map(formatProblem)).to.deep.equal([
      "calendars.yaml:4:14: calendars.office.extends: unknown calendar 'warehouse' (known calendars: 24x7, office)",
    ]);
  });

  it('inherited holidays come before the calendar’s own, so the ancestor names a date both list', () => {
    const { calendars, problems } = read(`calendars:
  base:
    timezone: UTC
    hours: { mon: '08:00-17:00' }
    holidays: [{ date: '01-01', name: New Year }, { date: '2030-06-14', name: Base day }, { easter: 1, name: Easter Monday }]
  leaf:
    timezone: UTC
    extends: base
    hours: { mon: '08:00-17:00' }
    holidays: [{ date: '01-01', name: Neujahr }, { date: '12-24', name: Christmas Eve }, { date: '2030-06-14', name: Leaf day }, { easter: 1, name: Ostermontag }]
`);
    expect(problems).to.deep.equal([]);
    const holidays = calendars.get('leaf')!.holidays;
    expect(holidays.fixed.map(({ name }) => name)).to.deep.equal(['New Year', 'Neujahr', 'Christmas Eve']);
    expect(holidays.dates.map(({ name }) => name)).to.deep.equal(['Base day', 'Leaf day']);
    expect(holidays.easterOffsets.map(({ name }) => name)).to.deep.equal(['Easter Monday', 'Ostermontag']);
    // Easter Sunday 2030 is 21 April, so Easter Monday is 22 April.
    const index = new HolidayIndex(holidays);
    expect([dayNumber(2030, 1, 1), dayNumber(2030, 6, 14), dayNumber(2030, 4, 22)].map((day) => index.nameOn(day))).to.deep.equal(['New Year', 'Base day', 'Easter Monday']);
  });
});

describe('calendars: the built-in 24x7', () => {
  it('a file that redefines it, holidays and all, leaves the built-in as it is', () => {
    const { calendars, problems } = read("calendars:\n  24x7:\n    timezone: Europe/Berlin\n    hours: { mon: '08:00-17:00' }\n    holidays: [{ date: '12-25', name: Christmas Day }]\n");
    expect(problems.map(formatProblem)).to.deep.equal([
      "calendars.yaml:2:3: calendars.24x7: '24x7' is built in (always working time, UTC) and cannot be redefined (choose another name)",
    ]);
    expect(calendars.get('24x7')).to.equal(CALENDAR_24X7);
    expect(CALENDAR_24X7.holidays).to.deep.equal({ fixed: [], dates: [], easterOffsets: [] });
    expect(CALENDAR_24X7.timezone).to.equal('UTC');
  });
});

describe('calendars: public holidays from the source given', () => {
  /** Knows DE only; answers one date per year range, named after the spec, and records what it was asked. */
  function standIn(): PublicHolidaySource & { asked: Array<{ spec: PublicHolidaysSpec; years: YearRange }> } {
    const asked: Array<{ spec: PublicHolidaysSpec; years: YearRange }> = [];
    return {
      asked,
      problem: (spec) => (spec.country === 'DE' ? undefined : { key: 'country', message: `unknown country '${spec.country}'`, hint: 'only DE here' }),
      dates: (spec, years) => {
        asked.push({ spec, years });
        return [{ date: `${years.from}-07-01`, name: `${spec.country} day` }];
      },
    };
  }

  it('resolves a known country for the years asked, beside the company’s own days', () => {
    const source = standIn();
    const { calendars, problems } = read("calendars:\n  c:\n    timezone: UTC\n    hours: { mon: '08:00-17:00' }\n    holidays: [{ country: DE }, { date: '2030-12-24', name: Company day }]\n", source);
    expect(problems).to.deep.equal([]);
    expect(calendars.get('c')!.holidays.dates).to.deep.equal([
      { date: '2030-07-01', name: 'DE day' },
      { date: '2030-12-24', name: 'Company day' },
    ]);
    expect(source.asked).to.deep.equal([{ spec: { country: 'DE' }, years: { from: 2030, to: 2031 } }]);
  });

  it('reports an unknown country at its key and asks no dates for it', () => {
    const source = standIn();
    const { calendars, problems } = read("calendars:\n  c:\n    timezone: UTC\n    hours: { mon: '08:00-17:00' }\n    holidays: [{ date: '05-01', name: Labour Day }, { country: XX }]\n", source);
    expect(problems.map(formatProblem)).to.deep.equal(["calendars.yaml:5:64: calendars.c.holidays.1.country: unknown country 'XX' (only DE here)"]);
    expect(calendars.get('c')!.holidays.dates).to.deep.equal([]);
    expect(source.asked).to.deep.equal([]);
  });
});
