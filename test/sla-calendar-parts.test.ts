import { expect } from 'chai';
import { calendarNameSchema, holidaySpecSchema, publicHolidaysSpecSchema } from '../src/sla/calendar-spec';
import { dayNumber, isoDate } from '../src/sla/day-number';
import { HolidayIndex } from '../src/sla/holiday-index';
import { formatWorkingSpan, parseWorkingSpan } from '../src/sla/working-span';

/*
 * The small parts of the calendar language, one rule at a time: working spans at the edges of
 * the clock, the formats of names, codes and holiday dates, and which holiday a date has when
 * two rules name it.
 */

describe('working spans at the edges of the clock', () => {
  const spans: Array<[string, number, number, string]> = [
    [' 08:00-17:00 ', 480, 1020, 'spaces around it are ignored'],
    ['23:30-01:00', 1410, 1500, 'the last hour of the day may start a span'],
    ['08:59-16:59', 539, 1019, 'minute 59'],
    ['20:00-24:00', 1200, 1440, '24:00 ends a span at midnight'],
  ];
  for (const [text, startMinute, endMinute, why] of spans) {
    it(`'${text}' is ${startMinute}..${endMinute} (${why})`, () => {
      expect(parseWorkingSpan(text)).to.deep.equal({ startMinute, endMinute });
    });
  }

  const notATime = (text: string): string => `'${text}' has a time that does not exist; hours go from 00:00 to 23:59 (24:00 may end a span)`;
  const notASpan = (text: string): string => `'${text}' is not a span; write e.g. '08:00-17:00' or '22:00-06:00'`;
  const errors: Array<[string, string]> = [
    ['08:60-17:00', notATime('08:60-17:00')],
    ['08:00-16:60', notATime('08:00-16:60')],
    ['08:00-25:00', notATime('08:00-25:00')],
    ['20:00-24:30', notATime('20:00-24:30')],
    ['x08:00-17:00', notASpan('x08:00-17:00')],
    ['08:00-17:00x', notASpan('08:00-17:00x')],
    ['08:00 17:00', notASpan('08:00 17:00')],
  ];
  for (const [text, error] of errors) {
    it(`'${text}' is refused: ${error}`, () => {
      expect(parseWorkingSpan(text)).to.deep.equal({ error });
    });
  }

  it('writes a span that runs past midnight with its end on the next day', () => {
    expect(formatWorkingSpan({ startMinute: 1410, endMinute: 1500 })).to.equal('23:30-01:00');
    expect(formatWorkingSpan({ startMinute: 539, endMinute: 1019 })).to.equal('08:59-16:59');
  });
});

describe('calendar names', () => {
  const message = 'calendar names are lower-kebab-case, e.g. office-hours';
  for (const name of ['office-hours', '24x7', 'a', 'z', '0', '9', 'xaz09-']) {
    it(`'${name}' is a calendar name`, () => {
      expect(calendarNameSchema.safeParse(name).success).to.equal(true);
    });
  }
  for (const name of ['Office', '-office', 'office_hours', 'office hours', 'officé', '']) {
    it(`'${name}' is not: ${message}`, () => {
      const parsed = calendarNameSchema.safeParse(name);
      expect(parsed.success).to.equal(false);
      expect(parsed.error?.issues.map((issue) => issue.message)).to.deep.equal([message]);
    });
  }
});

describe('public holiday entries: country, region and language codes', () => {
  const valid = [{ country: 'DE' }, { country: 'AZ' }, { country: 'DE', region: 'ST' }, { country: 'DE', region: 'A' }, { country: 'DE', region: 'Z09' }, { country: 'PL', language: 'az' }];
  for (const spec of valid) {
    it(`${JSON.stringify(spec)} is well formed`, () => {
      expect(publicHolidaysSpecSchema.safeParse(spec).success).to.equal(true);
    });
  }
  const country = 'country codes are two capital letters (ISO 3166-1), e.g. DE or PL';
  const region = 'region codes are short capitals, e.g. ST for Saxony-Anhalt';
  const language = 'a two-letter language code, e.g. en or de';
  const invalid: Array<[object, string]> = [
    [{ country: 'DEU' }, country],
    [{ country: 'de' }, country],
    [{ country: 'D' }, country],
    [{ country: 'DE', region: 'st' }, region],
    [{ country: 'DE', region: 'ABCD' }, region],
    [{ country: 'DE', region: '' }, region],
    [{ country: 'DE', language: 'EN' }, language],
    [{ country: 'DE', language: 'eng' }, language],
  ];
  for (const [spec, message] of invalid) {
    it(`${JSON.stringify(spec)} is refused: ${message}`, () => {
      const parsed = publicHolidaysSpecSchema.safeParse(spec);
      expect(parsed.error?.issues.map((issue) => issue.message)).to.deep.equal([message]);
    });
  }
});

describe('holiday dates: MM-DD every year, YYYY-MM-DD once', () => {
  const dates: Array<[string, boolean, string]> = [
    ['02-29', true, 'an annual 29 February (it applies in leap years)'],
    ['01-31', true, 'the last day of January'],
    ['12-31', true, 'the last day of the year'],
    ['01-00', false, 'there is no day 0'],
    ['00-10', false, 'there is no month 0'],
    ['04-31', false, 'April has 30 days'],
    ['x01-01', false, 'something before the date'],
    ['01-01x', false, 'something after the date'],
    ['2024-02-29', true, '2024 is a leap year'],
    ['2000-02-29', true, '2000 is a leap year (divisible by 400)'],
    ['1900-02-29', false, '1900 is not (divisible by 100)'],
    ['2026-02-29', false, '2026 is not'],
    ['2026-02-28', true, 'the last day of February 2026'],
    ['2026-03-31', true, 'March has 31 days also in a year without 29 February'],
    ['2026-04-30', true, 'the last day of April'],
    ['2026-04-31', false, 'April has 30 days'],
    ['x2026-01-01', false, 'something before the date'],
    ['2026-01-01x', false, 'something after the date'],
    ['tomorrow', false, 'no date at all'],
  ];
  for (const [date, valid, why] of dates) {
    it(`'${date}' is ${valid ? '' : 'not '}a holiday date (${why})`, () => {
      const parsed = holidaySpecSchema.safeParse({ name: 'Day', date });
      if (valid) expect(parsed.success).to.equal(true);
      else
        expect(parsed.error?.issues.map(({ path, message }) => ({ path, message }))).to.deep.equal([
          { path: ['date'], message: `'${date}' is not a date; write MM-DD every year or YYYY-MM-DD once` },
        ]);
    });
  }

  it('a holiday has a date or an Easter offset, not neither and not both (one problem, whatever the date)', () => {
    const exactlyOne = "a holiday has exactly one of 'date' (MM-DD or YYYY-MM-DD) or 'easter' (days from Easter Sunday)";
    expect(holidaySpecSchema.safeParse({ name: 'Day' }).error?.issues.map(({ path, message }) => ({ path, message }))).to.deep.equal([{ path: [], message: exactlyOne }]);
    expect(holidaySpecSchema.safeParse({ name: 'Day', easter: 1, date: '13-01' }).error?.issues.map(({ message }) => message)).to.deep.equal([exactlyOne]);
    expect(holidaySpecSchema.safeParse({ name: 'Easter Monday', easter: 1 }).success).to.equal(true);
  });
});

describe('holiday index: which holiday a date has', () => {
  it('names the first rule when two name the same date, for every kind of rule', () => {
    // Easter Sunday 2026 is 5 April, so Easter - 2 is Good Friday, 3 April.
    const index = new HolidayIndex({
      fixed: [
        { month: 12, day: 24, name: 'Christmas Eve' },
        { month: 12, day: 24, name: 'Heiligabend' },
      ],
      dates: [
        { date: '2026-06-15', name: 'Company day' },
        { date: '2026-06-15', name: 'Betriebsausflug' },
      ],
      easterOffsets: [
        { offset: -2, name: 'Good Friday' },
        { offset: -2, name: 'Karfreitag' },
      ],
    });
    expect(index.nameOn(dayNumber(2026, 12, 24))).to.equal('Christmas Eve');
    expect(index.nameOn(dayNumber(2026, 6, 15))).to.equal('Company day');
    expect(index.nameOn(dayNumber(2026, 4, 3))).to.equal('Good Friday');
  });

  it('finds each kind on its own, Easter days per year, and nothing on an ordinary date', () => {
    // Easter Sunday 2027 is 28 March: Easter Monday 29 March; 2026: 6 April.
    const index = new HolidayIndex({
      fixed: [{ month: 1, day: 12, name: 'Twelfth of January' }],
      dates: [{ date: '2026-11-02', name: 'Second of November 2026' }],
      easterOffsets: [{ offset: 1, name: 'Easter Monday' }],
    });
    expect(index.nameOn(dayNumber(2027, 1, 12))).to.equal('Twelfth of January');
    expect(index.nameOn(dayNumber(2026, 11, 2))).to.equal('Second of November 2026');
    expect(index.nameOn(dayNumber(2027, 11, 2))).to.equal(undefined);
    expect(index.nameOn(dayNumber(2026, 4, 6))).to.equal('Easter Monday');
    expect(index.nameOn(dayNumber(2027, 3, 29))).to.equal('Easter Monday');
    expect(index.nameOn(dayNumber(2027, 4, 5))).to.equal(undefined);
    expect(index.nameOn(dayNumber(2026, 11, 12))).to.equal(undefined);
  });

  it('a fixed rule and a one-off date on the same day: the fixed rule names it', () => {
    const index = new HolidayIndex({ fixed: [{ month: 5, day: 1, name: 'Labour Day' }], dates: [{ date: '2026-05-01', name: 'Company picnic' }], easterOffsets: [] });
    expect(index.nameOn(dayNumber(2026, 5, 1))).to.equal('Labour Day');
  });
});

describe('ISO dates of day numbers', () => {
  it('pads a year before 1000 to four digits', () => {
    expect(isoDate(dayNumber(999, 1, 5))).to.equal('0999-01-05');
  });
});
