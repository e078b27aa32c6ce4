import { expect } from 'chai';
import type { BusinessCalendar, Weekday, WorkingSpan } from '../src/sla/business-calendar';
import { addBusinessMinutes, businessMinutesBetween, isWorkingTime, nextWorkingInstant } from '../src/sla/business-time';
import { dayNumber } from '../src/sla/day-number';
import { WorkingIntervalCache } from '../src/sla/working-interval-cache';

/*
 * Business time on calendars written out here, each made for one edge the shipped calendars do
 * not reach: a zone far east of UTC, spans of two dates that overlap, spans the spring-forward
 * gap swallows, and working time years apart. Every expected instant is worked out by hand in
 * the comment beside it (2026-03-23 is a Monday; Europe/Berlin is +01:00 until 2026-03-29 02:00,
 * +02:00 after; Pacific/Auckland is +13:00 until 2026-04-05).
 */

const SPAN = (start: string, end: string): WorkingSpan => {
  const minute = (text: string): number => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
  const [startMinute, endMinute] = [minute(start), minute(end)];
  return { startMinute, endMinute: endMinute > startMinute ? endMinute : endMinute + 1440 };
};

function calendar(name: string, timezone: string, weekly: Partial<Record<Weekday, WorkingSpan[]>>): BusinessCalendar {
  return {
    name,
    timezone,
    weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...weekly },
    holidays: { fixed: [], dates: [], easterOffsets: [] },
  };
}

const at = (iso: string): number => Date.parse(iso);

describe('business time: a zone whose local date is ahead of the UTC date', () => {
  // Monday 00:00–02:00 in Auckland is Sunday 11:00–13:00 UTC: the spans of the next local date.
  const auckland = (): BusinessCalendar => calendar('auckland-early', 'Pacific/Auckland', { mon: [SPAN('00:00', '02:00')] });

  it('Monday 01:00 in Auckland (Sunday 12:00 UTC) is working time', () => {
    expect(isWorkingTime(auckland(), at('2026-03-23T01:00+13:00'))).to.equal(true);
    expect(isWorkingTime(auckland(), at('2026-03-23T02:00+13:00'))).to.equal(false);
  });

  it('counts the Monday span when the end lies on the UTC Sunday', () => {
    // Sunday 12:00 .. Monday 01:00 local: the hour 00:00–01:00 of the Monday span.
    expect(businessMinutesBetween(auckland(), at('2026-03-22T12:00+13:00'), at('2026-03-23T01:00+13:00'))).to.equal(60);
  });

  it('finds the Monday span from Sunday evening, and the deadline in it', () => {
    expect(nextWorkingInstant(auckland(), at('2026-03-22T23:00+13:00'))).to.equal(at('2026-03-23T00:00+13:00'));
    expect(addBusinessMinutes(auckland(), at('2026-03-22T12:00+13:00'), 90)).to.equal(at('2026-03-23T01:30+13:00'));
  });
});

describe('business time: a night shift overlapping the next date’s spans', () => {
  // Monday 22:00–06:00, and Tuesday 01:00–02:00 and 03:00–07:00 (another weekday, so no overlap
  // error). Together they are one stretch, Monday 22:00 to Tuesday 07:00: 9 hours, counted once.
  const overlapping = (): BusinessCalendar => calendar('overlapping', 'Europe/Berlin', { mon: [SPAN('22:00', '06:00')], tue: [SPAN('01:00', '02:00'), SPAN('03:00', '07:00')] });

  it('measures the overlap once: Monday 21:00 .. Tuesday 08:00 is 540 minutes', () => {
    expect(businessMinutesBetween(overlapping(), at('2026-03-23T21:00+01:00'), at('2026-03-24T08:00+01:00'))).to.equal(540);
  });

  it('adds over the overlap once: Monday 21:00 + 540 min is Tuesday 07:00, + 480 min is 06:00', () => {
    expect(addBusinessMinutes(overlapping(), at('2026-03-23T21:00+01:00'), 540)).to.equal(at('2026-03-24T07:00+01:00'));
    expect(addBusinessMinutes(overlapping(), at('2026-03-23T21:00+01:00'), 480)).to.equal(at('2026-03-24T06:00+01:00'));
  });
});

describe('business time: spans on the spring-forward night (Europe/Berlin, 2026-03-29)', () => {
  it('a span wholly inside the gap is no working time: the next is Monday’s', () => {
    const gap = calendar('in-the-gap', 'Europe/Berlin', { sun: [SPAN('02:15', '02:45')], mon: [SPAN('09:00', '10:00')] });
    expect(nextWorkingInstant(gap, at('2026-03-29T00:00+01:00'))).to.equal(at('2026-03-30T09:00+02:00'));
  });

  it('spans that touch once the gap is skipped become one interval', () => {
    // 01:00–02:30 is 00:00Z–01:00Z (02:30 does not exist: the clocks jump at 01:00Z);
    // 02:45–04:00 is 01:00Z–02:00Z. One interval, 00:00Z–02:00Z: 120 minutes.
    const touching = calendar('touching', 'Europe/Berlin', { sun: [SPAN('01:00', '02:30'), SPAN('02:45', '04:00')] });
    const sunday = dayNumber(2026, 3, 29);
    expect(new WorkingIntervalCache(touching).intervalsOn(sunday)).to.deep.equal([Date.UTC(2026, 2, 29, 0), Date.UTC(2026, 2, 29, 2)]);
    expect(businessMinutesBetween(touching, at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).to.equal(120);
  });
});

describe('business time: working intervals of a date (WorkingIntervalCache)', () => {
  it('lists a date’s spans as UTC [start, end] pairs, adjacent spans as one', () => {
    // Monday 2026-03-23 in Berlin (+01:00): 08:00–12:00 and 12:00–17:00 are 07:00Z–16:00Z.
    const office = calendar('split-day', 'Europe/Berlin', { mon: [SPAN('08:00', '12:00'), SPAN('12:00', '17:00')], tue: [SPAN('08:00', '12:00'), SPAN('13:00', '17:00')] });
    const cache = new WorkingIntervalCache(office);
    expect(cache.intervalsOn(dayNumber(2026, 3, 23))).to.deep.equal([Date.UTC(2026, 2, 23, 7), Date.UTC(2026, 2, 23, 16)]);
    expect(cache.intervalsOn(dayNumber(2026, 3, 24))).to.deep.equal([Date.UTC(2026, 2, 24, 7), Date.UTC(2026, 2, 24, 11), Date.UTC(2026, 2, 24, 12), Date.UTC(2026, 2, 24, 16)]);
    expect(cache.intervalsOn(dayNumber(2026, 3, 25))).to.deep.equal([]);
  });

  it('closes the date of a holiday and answers the same for a date asked twice', () => {
    const office = { ...calendar('office', 'UTC', { fri: [SPAN('08:00', '17:00')] }), holidays: { fixed: [{ month: 12, day: 25, name: 'Christmas Day' }], dates: [], easterOffsets: [] } };
    const cache = new WorkingIntervalCache(office);
    expect(cache.intervalsOn(dayNumber(2026, 12, 25))).to.deep.equal([]);
    expect(cache.intervalsOn(dayNumber(2026, 12, 18))).to.deep.equal([Date.UTC(2026, 11, 18, 8), Date.UTC(2026, 11, 18, 17)]);
    expect(cache.intervalsOn(dayNumber(2026, 12, 18))).to.deep.equal([Date.UTC(2026, 11, 18, 8), Date.UTC(2026, 11, 18, 17)]);
  });
});

describe('business time: a calendar with one working minute a week', () => {
  // Mondays 08:00–08:01 UTC. 1970-01-05 was the first Monday (day 4), so the 700th working minute
  // ends on the 700th Monday, day 4 + 699 × 7 = 4,897: 1970–1982 are 13 years with three leap days
  // (4,748 days), and day 149 of 1983 (counted from 0) is 30 May. The walk passes about 4,200
  // closed dates, but never more than six in a row.
  const sparse = (): BusinessCalendar => calendar('one-minute-a-week', 'UTC', { mon: [SPAN('08:00', '08:01')] });

  it('a 700-minute target is due on 1983-05-30 at 08:01', () => {
    expect(new Date(addBusinessMinutes(sparse(), Date.UTC(1970, 0, 5), 700)).toISOString()).to.equal('1983-05-30T08:01:00.000Z');
  });
});

describe('business time: what is no instant or no working time', () => {
  const closed = (): BusinessCalendar => calendar('closed', 'UTC', {});
  const office = (): BusinessCalendar => calendar('office', 'UTC', { mon: [SPAN('08:00', '17:00')] });

  it('refuses to add to what is not an instant, or a target that is not a number of minutes', () => {
    expect(() => addBusinessMinutes(office(), Number.NaN, 1)).to.throw(RangeError, 'cannot add 60000 ms of business time to NaN');
    expect(() => addBusinessMinutes(office(), 0, Number.NaN)).to.throw(RangeError, 'cannot add NaN ms of business time to 0');
    expect(() => addBusinessMinutes(office(), 0, -1)).to.throw(RangeError, 'cannot add -60000 ms of business time to 0');
  });

  it('refuses to measure from or to what is not an instant', () => {
    expect(() => businessMinutesBetween(office(), 0, Number.NaN)).to.throw(RangeError, 'cannot measure from 0 to NaN');
    expect(() => businessMinutesBetween(office(), Number.NEGATIVE_INFINITY, 0)).to.throw(RangeError, 'cannot measure from -Infinity to 0');
  });

  it('measures nothing from an instant to itself, in or out of working time', () => {
    // 1970-01-05 was a Monday: 10:00 is working time, 20:00 is not.
    expect(businessMinutesBetween(office(), Date.UTC(1970, 0, 5, 10), Date.UTC(1970, 0, 5, 10))).to.equal(0);
    expect(businessMinutesBetween(office(), Date.UTC(1970, 0, 5, 20), Date.UTC(1970, 0, 5, 20))).to.equal(0);
  });

  it('nextWorkingInstant refuses what is not an instant and gives up on a calendar without working time', () => {
    expect(() => nextWorkingInstant(office(), Number.NaN)).to.throw(RangeError, 'not an instant: NaN');
    expect(() => nextWorkingInstant(closed(), 0)).to.throw(Error, "calendar 'closed' has no working time within 3660 days");
    expect(() => addBusinessMinutes(closed(), 0, 1)).to.throw(Error, "calendar 'closed' has no working time within 3660 days");
  });

  it('a closed calendar has no working time and measures none', () => {
    expect(isWorkingTime(closed(), Date.UTC(2026, 2, 23, 10))).to.equal(false);
    expect(businessMinutesBetween(closed(), Date.UTC(2026, 2, 23), Date.UTC(2026, 2, 30))).to.equal(0);
  });
});
