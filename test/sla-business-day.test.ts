import { expect } from 'chai';
import type { BusinessCalendar, WorkingSpan } from '../src/sla/business-calendar';
import { businessDayOf, businessDaysBetween } from '../src/sla/business-day';

/*
 * Business days (reports, archive records): the date of the working span an instant falls in,
 * or of the next one. Calendars are written out here, so each expected date can be checked on a
 * wall calendar: 2026-03-20 is a Friday, 2026-12-25 (Christmas Day) a Friday too.
 */

const WEEKDAY_SPANS = (span: WorkingSpan): BusinessCalendar['weekly'] => ({ mon: [span], tue: [span], wed: [span], thu: [span], fri: [span], sat: [], sun: [] });

/** Mon–Fri 08:00–17:00 in Berlin, closed on Christmas Day. */
function office(): BusinessCalendar {
  return {
    name: 'office',
    timezone: 'Europe/Berlin',
    weekly: WEEKDAY_SPANS({ startMinute: 480, endMinute: 1020 }),
    holidays: { fixed: [{ month: 12, day: 25, name: 'Christmas Day' }], dates: [], easterOffsets: [] },
  };
}

/** Mon–Fri nights 22:00–06:00 in Berlin: a shift belongs to the date it starts on. */
function nights(): BusinessCalendar {
  return { name: 'nights', timezone: 'Europe/Berlin', weekly: WEEKDAY_SPANS({ startMinute: 1320, endMinute: 1800 }), holidays: { fixed: [], dates: [], easterOffsets: [] } };
}

const at = (iso: string): number => Date.parse(iso);

describe('business days: the business day of an instant (businessDayOf)', () => {
  const cases: Array<[() => BusinessCalendar, string, string, string]> = [
    [office, '2026-03-20T10:00+01:00', '2026-03-20', 'inside Friday’s span'],
    [office, '2026-03-20T07:00+01:00', '2026-03-20', 'before opening: that morning’s work'],
    [office, '2026-03-20T16:59:59.999+01:00', '2026-03-20', 'the last millisecond before closing'],
    [office, '2026-03-20T17:00+01:00', '2026-03-23', 'at closing (spans are half-open): Monday’s work'],
    [office, '2026-03-21T12:00+01:00', '2026-03-23', 'a Saturday belongs to Monday'],
    [office, '2026-03-23T00:30+01:00', '2026-03-23', 'local Monday 00:30 is Sunday 23:30 UTC: the local date counts'],
    [office, '2026-12-24T18:00+01:00', '2026-12-28', 'Christmas Day (Friday) is closed, so Thursday evening belongs to Monday'],
    [nights, '2026-03-24T03:00+01:00', '2026-03-23', 'the tail of Monday’s night shift, on Tuesday'],
    [nights, '2026-03-24T06:00+01:00', '2026-03-24', 'at the end of Monday’s shift: Tuesday’s shift is next'],
    [nights, '2026-03-21T03:00+01:00', '2026-03-20', 'Saturday 03:00 is still Friday’s shift'],
    [nights, '2026-03-21T07:00+01:00', '2026-03-23', 'Saturday morning after the shift: Monday night’s'],
  ];
  for (const [calendar, instant, day, why] of cases) {
    it(`${calendar().name}: ${instant} belongs to ${day} (${why})`, () => {
      expect(businessDayOf(calendar(), at(instant))).to.equal(day);
    });
  }

  it('refuses what is not an instant, naming it', () => {
    expect(() => businessDayOf(office(), Number.NaN)).to.throw(RangeError, 'not an instant: NaN');
    expect(() => businessDayOf(office(), Number.POSITIVE_INFINITY)).to.throw(RangeError, 'not an instant: Infinity');
  });

  it('gives up on a calendar without working time instead of looping', () => {
    const closed: BusinessCalendar = { ...office(), name: 'closed', weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } };
    expect(() => businessDayOf(closed, 0)).to.throw(Error, "calendar 'closed' has no working time within 3660 days");
  });

  it('finds working time that lies years ahead, past holidays on every working day before it', () => {
    // Open on Mondays only; every Monday of 1970–1974 is a one-off holiday. 1970-01-05 is the
    // first Monday, so the next working Monday is the first one of 1975: 1975-01-06 (1975-01-01
    // was a Wednesday). The walk passes some 1,800 closed dates but never 3,660 in a row.
    const mondays: Array<{ date: string; name: string }> = [];
    for (let day = 4; day < 5 * 365 + 1; day += 7) mondays.push({ date: new Date(day * 86_400_000).toISOString().slice(0, 10), name: 'closed' });
    const rare: BusinessCalendar = {
      name: 'rare',
      timezone: 'UTC',
      weekly: { mon: [{ startMinute: 540, endMinute: 600 }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: { fixed: [], dates: mondays, easterOffsets: [] },
    };
    expect(businessDayOf(rare, 0)).to.equal('1975-01-06');
  });
});

describe('business days: whole business days between two instants (businessDaysBetween)', () => {
  const cases: Array<[string, string, number, string]> = [
    ['2026-03-20T10:00+01:00', '2026-03-20T16:00+01:00', 0, 'the same day'],
    ['2026-03-20T10:00+01:00', '2026-03-23T10:00+01:00', 1, 'Friday to Monday: the weekend does not count'],
    ['2026-03-16T09:00+01:00', '2026-03-23T09:00+01:00', 5, 'Monday to Monday: a working week'],
    ['2026-03-20T18:00+01:00', '2026-03-23T10:00+01:00', 0, 'Friday evening already belongs to Monday'],
    ['2026-12-24T10:00+01:00', '2026-12-28T10:00+01:00', 1, 'Thursday to Monday over Christmas Day: only Monday'],
    ['2026-03-23T10:00+01:00', '2026-03-20T10:00+01:00', 0, 'backwards: nothing, never negative'],
  ];
  for (const [from, to, days, why] of cases) {
    it(`${from} .. ${to} = ${days} (${why})`, () => {
      expect(businessDaysBetween(office(), at(from), at(to))).to.equal(days);
    });
  }
});
