import { expect } from 'chai';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { BusinessCalendar, WorkingSpan } from '../src/sla/business-calendar';
import { WEEKDAYS } from '../src/sla/business-calendar';
import { addBusinessMinutes, addBusinessMs, businessMsBetween, isWorkingTime, nextWorkingInstant } from '../src/sla/business-time';
import { clockView, pauseClock, resumeClock, startClock } from '../src/sla/clock';
import { HolidayIndex } from '../src/sla/holiday-index';
import { dayNumber } from '../src/sla/day-number';
import { loadCalendars } from '../src/sla/load-calendars';
import { readCalendars } from '../src/sla/read-calendars';
import { PositionedYaml } from '../src/source/positioned-yaml';

const extra = readCalendars(
  new PositionedYaml(
    'test-calendars.yaml',
    `
calendars:
  always-berlin:
    timezone: Europe/Berlin
    hours: { mon: ['00:00-24:00'], tue: ['00:00-24:00'], wed: ['00:00-24:00'], thu: ['00:00-24:00'], fri: ['00:00-24:00'], sat: ['00:00-24:00'], sun: ['00:00-24:00'] }
  new-york-split:
    timezone: America/New_York
    extends: office-hours
    hours: { mon: ['09:00-12:00', '13:00-17:30'], wed: ['23:00-01:00'], sat: ['20:00-04:00'], sun: ['00:30-00:50', '03:30-04:30'] }
`,
  ),
  { holidayYears: { from: 2024, to: 2032 } },
);
const all = new Map([...loadCalendars('flows/calendars.yaml'), ...extra.calendars]);
const calendars = [...all.values()];

const MINUTE = 60_000;
const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2029, 0, 1);
// DST changes in Europe and the US, where most mistakes would hide.
const DST_DAYS = ['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01', '2027-03-28', '2027-10-31'].map((day) => Date.parse(`${day}T00:00Z`));

const calendarArb = fc.constantFrom(...calendars);
const instantArb = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.tuple(fc.constantFrom(...DST_DAYS), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 })).map(([day, offset]) => day + offset),
);
const minutesArb = fc.integer({ min: 0, max: 6000 });

describe('business time: properties', () => {
  it('a deadline is never before its start', () => {
    fc.assert(fc.property(calendarArb, instantArb, minutesArb, (cal, start, minutes) => addBusinessMinutes(cal, start, minutes) >= start));
  });

  it('businessMinutesBetween(start, deadline) equals the target, to the millisecond', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 400 * MINUTE }), (cal, start, ms) => {
        expect(businessMsBetween(cal, start, addBusinessMs(cal, start, ms))).to.equal(ms);
      }),
    );
  });

  it('deadlines are monotonic in the target', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, minutesArb, (cal, start, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(addBusinessMinutes(cal, start, low)).to.be.at.most(addBusinessMinutes(cal, start, high));
      }),
    );
  });

  it('adding in two steps is adding once', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 3000 }), minutesArb, (cal, start, a, b) => {
        expect(addBusinessMinutes(cal, addBusinessMinutes(cal, start, a), b)).to.equal(addBusinessMinutes(cal, start, a + b));
      }),
    );
  });

  it('the deadline is the earliest instant: one millisecond less of target is due earlier', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 400 * MINUTE }), (cal, start, ms) => {
        const deadline = addBusinessMs(cal, start, ms);
        expect(addBusinessMs(cal, start, ms - 1)).to.be.below(deadline);
        expect(isWorkingTime(cal, deadline - 1)).to.equal(true);
      }),
    );
  });

  it('a pause shifts the due instant by exactly the business time paused', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        fc.integer({ min: 1, max: 3000 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.integer({ min: 0, max: 20 * 86_400_000 }),
        (cal, start, target, share, pauseLength) => {
          const unpausedDue = addBusinessMinutes(cal, start, target);
          // Pause somewhere before the original due instant, so the target is not used up yet.
          const pausedAt = start + Math.floor((unpausedDue - start) * share);
          if (businessMsBetween(cal, start, pausedAt) >= target * MINUTE) return;
          const resumedAt = pausedAt + pauseLength;
          let clock = startClock({ id: 'c', kind: 'resolution', targetMinutes: target, at: start });
          clock = resumeClock(pauseClock(clock, pausedAt), resumedAt);
          const view = clockView(clock, cal, resumedAt);
          const pausedMs = businessMsBetween(cal, pausedAt, resumedAt);
          expect(view.pausedMinutes * MINUTE).to.be.closeTo(pausedMs, 1e-6);
          expect(view.dueAt).to.equal(addBusinessMs(cal, start, target * MINUTE + pausedMs));
          expect(businessMsBetween(cal, start, view.dueAt!) - pausedMs).to.equal(target * MINUTE);
        },
      ),
    );
  });

  it('nextWorkingInstant is the first working instant at or after', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, (cal, at) => {
        const next = nextWorkingInstant(cal, at);
        expect(next).to.be.at.least(at);
        expect(isWorkingTime(cal, next)).to.equal(true);
        expect(businessMsBetween(cal, at, next)).to.equal(0);
        expect(isWorkingTime(cal, at)).to.equal(next === at);
      }),
    );
  });

  it('agrees minute by minute with a reading of the wall clock through luxon', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb.map((at) => Math.floor(at / MINUTE) * MINUTE),
        fc.integer({ min: 0, max: 36 * 60 }),
        (cal, from, minutes) => {
          let working = 0;
          for (let i = 0; i < minutes; i++) if (wallClockSaysWorking(cal, from + i * MINUTE)) working++;
          expect(businessMsBetween(cal, from, from + minutes * MINUTE)).to.equal(working * MINUTE);
        },
      ),
      { numRuns: 150 },
    );
  });
});

/**
 * An independent oracle: reads the local wall time of an instant with luxon and checks it
 * against the spans of that local date and the previous one (whose night spans run past
 * midnight). Valid for calendars whose span boundaries avoid the hours clocks repeat or skip.
 */
function wallClockSaysWorking(cal: BusinessCalendar, at: number): boolean {
  const local = DateTime.fromMillis(at, { zone: cal.timezone });
  const minute = local.hour * 60 + local.minute;
  const holidays = new HolidayIndex(cal.holidays);
  const today = dayNumber(local.year, local.month, local.day);
  const spans = (day: number): WorkingSpan[] => cal.weekly[WEEKDAYS[(((day + 3) % 7) + 7) % 7]!];
  const open = (day: number, minuteOfSpanDay: number): boolean =>
    holidays.nameOn(day) === undefined && spans(day).some((span) => span.startMinute <= minuteOfSpanDay && minuteOfSpanDay < span.endMinute);
  return open(today, minute) || open(today - 1, minute + 1440);
}
