import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { BusinessCalendar } from '../src/sla/business-calendar';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { addBusinessMinutes, businessMinutesBetween, isWorkingTime, nextWorkingInstant } from '../src/sla/business-time';
import { loadCalendars } from '../src/sla/load-calendars';
import { readCalendars } from '../src/sla/read-calendars';
import { PositionedYaml } from '../src/source/positioned-yaml';
import { perTest } from './helpers/per-test';

// Calendars that exist only to pin down DST behaviour; the shipped ones come from flows/calendars.yaml.
const TEST_CALENDARS = `
calendars:
  always-berlin:
    timezone: Europe/Berlin
    hours: { mon: ['00:00-24:00'], tue: ['00:00-24:00'], wed: ['00:00-24:00'], thu: ['00:00-24:00'], fri: ['00:00-24:00'], sat: ['00:00-24:00'], sun: ['00:00-24:00'] }
  weekend-nights:
    timezone: Europe/Berlin
    hours: { sat: ['20:00-08:00'], sun: ['20:00-08:00'] }
  sunday-early:
    timezone: Europe/Berlin
    hours: { sun: ['01:00-04:00', '05:00-06:00'] }
  sunday-in-the-gap:
    timezone: Europe/Berlin
    hours: { sun: ['02:15-02:45'], mon: ['09:00-10:00'] }
`;

const calendars = perTest(() => {
  const shipped = loadCalendars('flows/calendars.yaml');
  const extra = readCalendars(new PositionedYaml('test-calendars.yaml', TEST_CALENDARS), { holidayYears: { from: 2026, to: 2027 } });
  if (extra.problems.length > 0) throw new Error(JSON.stringify(extra.problems));
  return new Map([...shipped, ...extra.calendars]);
});

function calendar(name: string): BusinessCalendar {
  const found = calendars().get(name);
  if (!found) throw new Error(`no calendar ${name}`);
  return found;
}

/** Epoch ms of an ISO instant written with its offset, so every case says which side of a DST change it is on. */
function instant(iso: string): number {
  const parsed = DateTime.fromISO(iso, { setZone: true });
  if (!parsed.isValid) throw new Error(`bad instant ${iso}`);
  return parsed.toMillis();
}

function local(ms: number, cal: BusinessCalendar): string {
  return DateTime.fromMillis(ms, { zone: cal.timezone }).toISO({ suppressMilliseconds: true })!;
}

describe('business time: deadlines (addBusinessMinutes)', () => {
  // [calendar, start, business minutes, deadline], hand-checked against a wall calendar.
  const cases: Array<[string, string, number, string, string]> = [
    ['office-hours', '2026-03-20T16:00+01:00', 240, '2026-03-23T11:00:00+01:00', 'Friday 16:00 + 4 h = Monday 11:00'],
    ['office-hours', '2026-03-20T16:00+01:00', 60, '2026-03-20T17:00:00+01:00', 'used up exactly at closing: due at closing, not Monday'],
    ['office-hours', '2026-03-20T16:00+01:00', 61, '2026-03-23T08:01:00+01:00', 'one minute more rolls over the weekend'],
    ['office-hours', '2026-03-21T10:00+01:00', 60, '2026-03-23T09:00:00+01:00', 'starting on a Saturday'],
    ['office-hours', '2026-03-23T06:00+01:00', 30, '2026-03-23T08:30:00+01:00', 'starting before opening'],
    ['office-hours', '2026-03-21T10:00+01:00', 0, '2026-03-21T10:00:00+01:00', 'a 0-minute target is due at the start'],
    ['office-hours', '2026-04-02T16:00+02:00', 240, '2026-04-07T11:00:00+02:00', 'Good Friday and Easter Monday 2026 are closed'],
    ['office-hours', '2026-05-13T16:00+02:00', 120, '2026-05-15T09:00:00+02:00', 'Ascension Day (Easter + 39) 2026-05-14'],
    ['office-hours', '2026-05-22T16:00+02:00', 120, '2026-05-26T09:00:00+02:00', 'Whit Monday (Easter + 50) 2026-05-25'],
    ['office-hours', '2027-03-25T16:00+01:00', 120, '2027-03-30T09:00:00+02:00', 'Easter 2027 (28 March) and the DST change the same weekend'],
    ['office-hours', '2026-03-27T16:00+01:00', 120, '2026-03-30T09:00:00+02:00', 'March DST change over the weekend: 9:00 CEST'],
    ['office-hours', '2026-10-23T16:00+02:00', 120, '2026-10-26T09:00:00+01:00', 'October DST change over the weekend: 9:00 CET'],
    ['office-hours', '2026-06-08T08:00+02:00', 45 * 60, '2026-06-12T17:00:00+02:00', 'a whole working week'],
    ['office-hours', '2026-12-23T16:00+01:00', 240, '2026-12-24T11:00:00+01:00', 'Christmas Eve is a working day'],
    ['office-hours', '2026-12-24T16:00+01:00', 240, '2026-12-28T11:00:00+01:00', 'Christmas Day and the Second Day of Christmas'],
    ['office-hours', '2026-12-31T16:00+01:00', 240, '2027-01-04T11:00:00+01:00', "New Year's Day on a Friday"],
    ['halle-service-desk', '2026-01-05T18:00+01:00', 120, '2026-01-07T08:00:00+01:00', 'Epiphany (Saxony-Anhalt) closes Tuesday'],
    ['halle-service-desk', '2026-10-30T18:00+01:00', 120, '2026-11-02T08:00:00+01:00', 'Reformation Day closes the Saturday morning'],
    ['halle-service-desk', '2026-04-02T18:00+02:00', 120, '2026-04-04T10:00:00+02:00', 'Good Friday from extends; Holy Saturday is open'],
    ['halle-service-desk', '2026-04-30T18:00+02:00', 120, '2026-05-02T10:00:00+02:00', 'Labour Day from extends'],
    ['halle-service-desk', '2026-03-27T18:00+01:00', 300, '2026-03-28T13:00:00+01:00', 'Saturday 09:00-13:00 counts'],
    ['it-night-shift', '2026-06-08T23:00+02:00', 240, '2026-06-09T03:00:00+02:00', 'a shift that spans midnight'],
    ['it-night-shift', '2026-06-09T05:00+02:00', 120, '2026-06-09T23:00:00+02:00', 'from the morning tail to the next night'],
    ['it-night-shift', '2026-06-09T12:00+02:00', 480, '2026-06-10T06:00:00+02:00', 'a whole shift'],
    ['it-night-shift', '2026-03-28T22:00+01:00', 420, '2026-03-29T06:00:00+02:00', 'the spring-forward shift has 7 real hours'],
    ['it-night-shift', '2026-03-28T22:00+01:00', 480, '2026-03-29T23:00:00+02:00', '… so an 8 h target runs into the next night'],
    ['it-night-shift', '2026-10-24T22:00+02:00', 540, '2026-10-25T06:00:00+01:00', 'the fall-back shift has 9 real hours'],
    ['it-night-shift', '2026-10-24T22:00+02:00', 480, '2026-10-25T05:00:00+01:00', '… so an 8 h target ends at 05:00 CET'],
    ['it-night-shift', '2026-12-24T05:00+01:00', 120, '2026-12-25T23:00:00+01:00', 'the Christmas Eve night is off, its morning tail is not'],
    ['weekend-nights', '2026-03-28T20:00+01:00', 720, '2026-03-29T21:00:00+02:00', 'Saturday night over spring-forward is 11 h'],
    ['weekend-nights', '2026-10-24T20:00+02:00', 720, '2026-10-25T07:00:00+01:00', 'Saturday night over fall-back is 13 h'],
    ['sunday-early', '2026-03-29T00:00+01:00', 90, '2026-03-29T03:30:00+02:00', '01:00-04:00 on the spring-forward night skips 02:00-03:00'],
    ['sunday-early', '2026-03-29T00:00+01:00', 150, '2026-03-29T05:30:00+02:00', '… and is 2 h long'],
    ['sunday-early', '2026-10-25T00:00+02:00', 210, '2026-10-25T03:30:00+01:00', '01:00-04:00 on the fall-back night is 4 h'],
    ['always-berlin', '2026-03-28T12:00+01:00', 1440, '2026-03-29T13:00:00+02:00', '24x7 in Berlin: 24 h over spring-forward is 24 real hours'],
    ['always-berlin', '2026-10-24T12:00+02:00', 1440, '2026-10-25T11:00:00+01:00', '24x7 in Berlin: 24 h over fall-back is 24 real hours'],
    ['24x7', '2026-03-28T12:00+01:00', 240, '2026-03-28T15:00:00Z', 'built-in 24x7 is UTC'],
    ['24x7', '2026-12-25T00:00Z', 3 * 1440, '2026-12-28T00:00:00Z', 'built-in 24x7 has no holidays'],
  ];
  for (const [name, start, minutes, expected, why] of cases) {
    it(`${name}: ${start} + ${minutes} min = ${expected} (${why})`, () => {
      const cal = calendar(name);
      const deadline = addBusinessMinutes(cal, instant(start), minutes);
      expect(local(deadline, cal)).to.equal(DateTime.fromISO(expected, { setZone: true }).setZone(cal.timezone).toISO({ suppressMilliseconds: true }));
      expect(deadline).to.equal(instant(expected));
      if (minutes > 0) expect(businessMinutesBetween(cal, instant(start), deadline)).to.equal(minutes);
    });
  }

  it('refuses negative targets', () => {
    expect(() => addBusinessMinutes(calendar('office-hours'), 0, -1)).to.throw(RangeError);
  });

  it('gives up on a calendar without working time instead of looping', () => {
    const never: BusinessCalendar = { ...CALENDAR_24X7, name: 'never', weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } };
    expect(() => addBusinessMinutes(never, 0, 1)).to.throw(/no working time/);
  });

  it('accepts a JSON copy of a calendar (as a workflow receives it)', () => {
    const copy = JSON.parse(JSON.stringify(calendar('office-hours'))) as BusinessCalendar;
    expect(addBusinessMinutes(copy, instant('2026-03-20T16:00+01:00'), 240)).to.equal(instant('2026-03-23T11:00+01:00'));
  });
});

describe('business time: businessMinutesBetween', () => {
  const cases: Array<[string, string, string, number, string]> = [
    ['office-hours', '2026-03-20T16:00+01:00', '2026-03-23T11:00+01:00', 240, 'over a weekend'],
    ['office-hours', '2026-03-23T00:00+01:00', '2026-03-30T00:00+02:00', 45 * 60, 'a week, DST change included'],
    ['office-hours', '2026-04-01T00:00+02:00', '2026-04-08T00:00+02:00', 3 * 540, 'Easter week: Wednesday, Thursday and Tuesday; Good Friday and Easter Monday are closed'],
    ['office-hours', '2026-03-23T09:00:00.000+01:00', '2026-03-23T09:00:00.500+01:00', 0.5 / 60, 'to the millisecond'],
    ['office-hours', '2026-03-23T11:00+01:00', '2026-03-20T16:00+01:00', -240, 'backwards is negative'],
    ['office-hours', '2026-03-21T00:00+01:00', '2026-03-22T23:59+01:00', 0, 'a weekend'],
    ['it-night-shift', '2026-03-28T12:00+01:00', '2026-03-29T12:00+02:00', 420, 'spring-forward shift'],
    ['it-night-shift', '2026-10-24T12:00+02:00', '2026-10-25T12:00+01:00', 540, 'fall-back shift'],
    ['it-night-shift', '2026-12-24T00:00+01:00', '2026-12-26T00:00+01:00', 6 * 60 + 2 * 60, "Christmas Eve's tail, no Christmas Eve night, Christmas night until midnight"],
    ['always-berlin', '2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00', 23 * 60, 'the spring-forward day has 23 hours'],
    ['always-berlin', '2026-10-25T00:00+02:00', '2026-10-26T00:00+01:00', 25 * 60, 'the fall-back day has 25 hours'],
    ['sunday-in-the-gap', '2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00', 0, 'a span wholly inside the spring-forward gap has no time'],
    ['sunday-in-the-gap', '2026-04-05T00:00+02:00', '2026-04-06T00:00+02:00', 30, '… the same span on an ordinary Sunday'],
    ['24x7', '2026-01-01T00:00Z', '2027-01-01T00:00Z', 365 * 1440, 'a year'],
  ];
  for (const [name, from, to, minutes, why] of cases) {
    it(`${name}: ${from} .. ${to} = ${minutes} min (${why})`, () => {
      expect(businessMinutesBetween(calendar(name), instant(from), instant(to))).to.be.closeTo(minutes, 1e-12);
    });
  }
});

describe('business time: isWorkingTime and nextWorkingInstant', () => {
  const cases: Array<[string, string, boolean, string, string]> = [
    ['office-hours', '2026-03-23T08:00+01:00', true, '2026-03-23T08:00+01:00', 'opening is working time'],
    ['office-hours', '2026-03-23T17:00+01:00', false, '2026-03-24T08:00+01:00', 'closing is not (intervals are half-open)'],
    ['office-hours', '2026-04-03T10:00+02:00', false, '2026-04-07T08:00+02:00', 'Good Friday'],
    ['it-night-shift', '2026-12-24T03:00+01:00', true, '2026-12-24T03:00+01:00', 'the tail of the Dec 23 shift'],
    ['it-night-shift', '2026-12-24T23:00+01:00', false, '2026-12-25T22:00+01:00', 'no shift starts on Christmas Eve'],
    ['it-night-shift', '2026-12-25T03:00+01:00', false, '2026-12-25T22:00+01:00', '… so its morning is free too'],
    ['24x7', '2026-12-25T03:00Z', true, '2026-12-25T03:00Z', 'always'],
  ];
  for (const [name, at, working, next, why] of cases) {
    it(`${name}: ${at} is ${working ? '' : 'not '}working time, next ${next} (${why})`, () => {
      expect(isWorkingTime(calendar(name), instant(at))).to.equal(working);
      expect(nextWorkingInstant(calendar(name), instant(at))).to.equal(instant(next));
    });
  }
});

describe('business time: sandbox safety', () => {
  it('never reads the clock, even when it computes a calendar for the first time', () => {
    const fresh = JSON.parse(JSON.stringify(calendar('halle-service-desk'))) as BusinessCalendar;
    fresh.name = 'fresh-copy'; // a different content key: nothing cached yet
    const [start, deadline, from, to] = ['2026-10-30T18:00+01:00', '2026-11-02T08:00+01:00', '2030-01-01T00:00+01:00', '2030-01-08T00:00+01:00'].map(instant) as [number, number, number, number];
    const realNow = Date.now;
    Date.now = () => {
      throw new Error('Date.now() called');
    };
    try {
      expect(addBusinessMinutes(fresh, start, 120)).to.equal(deadline);
      expect(businessMinutesBetween(fresh, from, to)).to.equal(4 * 720 + 240);
    } finally {
      Date.now = realNow;
    }
  });
});
