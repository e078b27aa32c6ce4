import { expect } from 'chai';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { civilDate, dayNumber, isoDate, weekdayIndex } from '../src/sla/day-number';
import { easterSunday } from '../src/sla/easter';
import { localToUtc } from '../src/sla/local-to-utc';
import { formatWorkingSpan, parseWorkingSpan } from '../src/sla/working-span';

describe('Easter Sunday (Gregorian)', () => {
  const known: Array<[number, string]> = [
    [1818, '03-22'], // earliest possible
    [1943, '04-25'], // latest possible
    [2000, '04-23'],
    [2008, '03-23'],
    [2011, '04-24'],
    [2019, '04-21'],
    [2024, '03-31'],
    [2025, '04-20'],
    [2026, '04-05'],
    [2027, '03-28'],
    [2038, '04-25'],
    [2285, '03-22'],
  ];
  for (const [year, date] of known) {
    it(`${year}: ${date}`, () => {
      const { month, day } = easterSunday(year);
      expect(`${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).to.equal(date);
    });
  }

  it('is always a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 4099 }), (year) => {
        const { month, day } = easterSunday(year);
        const sunday = dayNumber(year, month, day);
        expect(weekdayIndex(sunday)).to.equal(6);
        expect(sunday).to.be.within(dayNumber(year, 3, 22), dayNumber(year, 4, 25));
      }),
    );
  });
});

describe('day numbers', () => {
  it('1970-01-01 is day 0, a Thursday', () => {
    expect(dayNumber(1970, 1, 1)).to.equal(0);
    expect(weekdayIndex(0)).to.equal(3);
    expect(isoDate(dayNumber(2026, 3, 29))).to.equal('2026-03-29');
    expect(weekdayIndex(dayNumber(2026, 3, 29))).to.equal(6);
  });

  it('agree with the JavaScript calendar, both ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: -800_000, max: 800_000 }), (day) => {
        const date = new Date(day * 86_400_000);
        expect(civilDate(day)).to.deep.equal({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
        expect(dayNumber(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())).to.equal(day);
        expect(weekdayIndex(day)).to.equal((date.getUTCDay() + 6) % 7);
      }),
    );
  });
});

describe('local wall time to UTC', () => {
  const wall = (text: string): number => Date.parse(`${text}Z`);
  const cases: Array<[string, string, string, string]> = [
    ['Europe/Berlin', '2026-07-01T12:00', '2026-07-01T10:00:00.000Z', 'summer'],
    ['Europe/Berlin', '2026-03-29T01:59', '2026-03-29T00:59:00.000Z', 'just before the gap'],
    ['Europe/Berlin', '2026-03-29T02:30', '2026-03-29T01:00:00.000Z', 'in the gap: when the clocks jump (03:00 CEST)'],
    ['Europe/Berlin', '2026-03-29T03:00', '2026-03-29T01:00:00.000Z', 'the end of the gap'],
    ['Europe/Berlin', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z', 'repeated: the first occurrence (CEST)'],
    ['Europe/Berlin', '2026-10-25T03:00', '2026-10-25T02:00:00.000Z', 'after the repeated hour'],
    ['America/New_York', '2026-03-08T02:30', '2026-03-08T07:00:00.000Z', 'US gap'],
    ['America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00.000Z', 'US repeated hour: EDT'],
    ['Australia/Lord_Howe', '2026-10-04T02:15', '2026-10-03T15:30:00.000Z', 'a 30-minute gap'],
    ['UTC', '2026-03-29T02:30', '2026-03-29T02:30:00.000Z', 'UTC'],
  ];
  for (const [zone, local, utc, why] of cases) {
    it(`${zone} ${local} -> ${utc} (${why})`, () => {
      expect(new Date(localToUtc(zone, wall(local))).toISOString()).to.equal(utc);
    });
  }

  it('is monotonic and agrees with luxon wherever the wall time is unambiguous', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'),
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 0, max: 3 * 3_600_000 }),
        (zone, a, step) => {
          expect(localToUtc(zone, a)).to.be.at.most(localToUtc(zone, a + step));
          const utc = localToUtc(zone, a);
          const wallOf = (instant: number): number => instant + DateTime.fromMillis(instant, { zone }).offset * 60_000;
          // Reading the instant back gives the wall time, or a later one when a was skipped by a gap …
          expect(wallOf(utc)).to.be.at.least(a);
          // … and no earlier instant (an hour or half an hour before: a repeated time) reads as it.
          expect(wallOf(utc - 3_600_000)).to.not.equal(a);
          expect(wallOf(utc - 1_800_000)).to.not.equal(a);
          if (wallOf(utc) !== a) expect(wallOf(utc - 1)).to.be.below(a);
        },
      ),
    );
  });
});

describe('working spans', () => {
  const cases: Array<[string, { startMinute: number; endMinute: number } | string]> = [
    ['08:00-17:00', { startMinute: 480, endMinute: 1020 }],
    ['22:00-06:00', { startMinute: 1320, endMinute: 1800 }],
    ['00:00-24:00', { startMinute: 0, endMinute: 1440 }],
    ['18:00-00:00', { startMinute: 1080, endMinute: 1440 }],
    ['12:00-12:00', "'12:00-12:00' is empty; a whole day is '00:00-24:00'"],
    ['24:00-08:00', "'24:00-08:00' has a time that does not exist; hours go from 00:00 to 23:59 (24:00 may end a span)"],
    ['8-17', "'8-17' is not a span; write e.g. '08:00-17:00' or '22:00-06:00'"],
  ];
  for (const [text, expected] of cases) {
    it(`${text}`, () => {
      const parsed = parseWorkingSpan(text);
      if (typeof expected === 'string') expect(parsed).to.deep.equal({ error: expected });
      else {
        expect(parsed).to.deep.equal(expected);
        expect(formatWorkingSpan(expected)).to.equal(text === '18:00-00:00' ? '18:00-24:00' : text);
      }
    });
  }
});
