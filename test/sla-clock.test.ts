import { expect } from 'chai';
import { DateTime } from 'luxon';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import type { SlaClockRecord } from '../src/sla/clock';
import { changeTarget, clockView, nextClockInstants, pauseClock, resumeClock, startClock, stopClock } from '../src/sla/clock';
import { loadCalendars } from '../src/sla/load-calendars';
import { perTest } from './helpers/per-test';

const office = perTest(() => loadCalendars('flows/calendars.yaml').get('office-hours')!);

function t(iso: string): number {
  return DateTime.fromISO(iso, { setZone: true }).toMillis();
}

// Friday 2026-03-20 15:00 CET, 4 business hours: 2 h on Friday, 2 h on Monday -> Monday 10:00.
const FRIDAY_15 = t('2026-03-20T15:00+01:00');
const MONDAY_10 = t('2026-03-23T10:00+01:00');

function resolutionClock(targetMinutes = 240): SlaClockRecord {
  return startClock({ id: 'resolution', kind: 'resolution', targetMinutes, warnAt: [90, 75], at: FRIDAY_15 });
}

describe('SLA clocks', () => {
  it('a running clock: elapsed business time, due instant, next warning', () => {
    const view = clockView(resolutionClock(), office(), t('2026-03-20T16:00+01:00'));
    expect(view).to.deep.include({ status: 'ok', paused: false, targetMinutes: 240, elapsedMinutes: 60, pausedMinutes: 0, remainingMinutes: 180 });
    expect(view.dueAt).to.equal(MONDAY_10);
    expect(view.dueAtIso).to.equal('2026-03-23T09:00:00.000Z');
    // 75 % of 240 min = 180 min: 2 h on Friday, then Monday 09:00.
    expect(view.nextWarningAt).to.equal(t('2026-03-23T09:00+01:00'));
    expect(view.warningsReached).to.deep.equal([]);
  });

  it('warns at the thresholds, in elapsed business time', () => {
    const clock = resolutionClock();
    expect(clockView(clock, office(), t('2026-03-23T09:00+01:00'))).to.deep.include({ status: 'warning', warningsReached: [75] });
    const later = clockView(clock, office(), t('2026-03-23T09:36+01:00'));
    expect(later).to.deep.include({ status: 'warning', warningsReached: [75, 90] });
    expect(later.nextWarningAt).to.equal(undefined);
    // The weekend passes no business time: Saturday shows what Friday evening showed.
    expect(clockView(clock, office(), t('2026-03-21T12:00+01:00'))).to.deep.include({ status: 'ok', elapsedMinutes: 120 });
  });

  it('is breached from its due instant on, also outside working hours', () => {
    const clock = startClock({ id: 'first', kind: 'first_response', targetMinutes: 60, at: t('2026-03-20T16:00+01:00') });
    expect(clockView(clock, office(), t('2026-03-20T16:59:59.999+01:00')).status).to.equal('ok');
    const atDue = clockView(clock, office(), t('2026-03-20T17:00+01:00'));
    expect(atDue).to.deep.include({ status: 'breached', breachedAt: t('2026-03-20T17:00+01:00') });
    const saturday = clockView(clock, office(), t('2026-03-21T10:00+01:00'));
    expect(saturday).to.deep.include({ status: 'breached', elapsedMinutes: 60, remainingMinutes: 0, dueAt: t('2026-03-20T17:00+01:00') });
  });

  it('a pause shifts the due instant by the business time paused', () => {
    // Waiting on the customer from Friday 16:00 to Monday 09:00: 1 h on Friday, 1 h on Monday.
    const paused = pauseClock(resolutionClock(), t('2026-03-20T16:00+01:00'));
    const whilePaused = clockView(paused, office(), t('2026-03-23T08:30+01:00'));
    expect(whilePaused).to.deep.include({ status: 'paused', paused: true, elapsedMinutes: 60, pausedMinutes: 90 });
    expect(whilePaused.dueAt).to.equal(undefined);
    expect(whilePaused.nextWarningAt).to.equal(undefined);
    expect(nextClockInstants(paused, office())).to.deep.equal([]);

    const resumed = resumeClock(paused, t('2026-03-23T09:00+01:00'));
    const view = clockView(resumed, office(), t('2026-03-23T09:00+01:00'));
    expect(view).to.deep.include({ status: 'ok', elapsedMinutes: 60, pausedMinutes: 120, dueAt: t('2026-03-23T12:00+01:00') });
    expect(view.dueAt! - MONDAY_10).to.equal(2 * 3_600_000);
    expect(resumed.running).to.deep.equal([{ from: FRIDAY_15, to: t('2026-03-20T16:00+01:00') }, { from: t('2026-03-23T09:00+01:00') }]);
  });

  it('nextClockInstants: warnings and breach from the last resume, in time order', () => {
    const clock = resumeClock(pauseClock(resolutionClock(), t('2026-03-20T16:00+01:00')), t('2026-03-23T09:00+01:00'));
    expect(nextClockInstants(clock, office())).to.deep.equal([
      { at: t('2026-03-23T11:00+01:00'), kind: 'warning', percent: 75 },
      { at: t('2026-03-23T11:36+01:00'), kind: 'warning', percent: 90 },
      { at: t('2026-03-23T12:00+01:00'), kind: 'breach' },
    ]);
    // Thresholds passed before the pause are not announced again.
    const late = resumeClock(pauseClock(resolutionClock(), t('2026-03-23T09:30+01:00')), t('2026-03-23T14:00+01:00'));
    expect(nextClockInstants(late, office())).to.deep.equal([
      { at: t('2026-03-23T14:06+01:00'), kind: 'warning', percent: 90 },
      { at: t('2026-03-23T14:30+01:00'), kind: 'breach' },
    ]);
  });

  it('stop: met at or before the due instant, breached after it', () => {
    expect(stopClock(resolutionClock(), office(), t('2026-03-23T09:59+01:00')).outcome).to.equal('met');
    expect(stopClock(resolutionClock(), office(), MONDAY_10).outcome).to.equal('met');
    expect(stopClock(resolutionClock(), office(), MONDAY_10 + 1).outcome).to.equal('breached');
    const stopped = stopClock(resolutionClock(), office(), t('2026-03-23T09:00+01:00'));
    const view = clockView(stopped, office(), t('2026-03-30T12:00+02:00'));
    expect(view).to.deep.include({ status: 'met', elapsedMinutes: 180, remainingMinutes: 60, dueAt: MONDAY_10 });
    expect(nextClockInstants(stopped, office())).to.deep.equal([]);
    // Stopping twice keeps the first stop; pause and resume do nothing after a stop.
    expect(stopClock(stopped, office(), t('2026-03-30T12:00+02:00'))).to.equal(stopped);
    expect(pauseClock(stopped, t('2026-03-30T12:00+02:00'))).to.equal(stopped);
    expect(resumeClock(stopped, t('2026-03-30T12:00+02:00'))).to.equal(stopped);
  });

  it('stop while paused judges the time run before the pause', () => {
    const paused = pauseClock(resolutionClock(), t('2026-03-20T16:00+01:00'));
    const stopped = stopClock(paused, office(), t('2026-03-25T10:00+01:00'));
    expect(stopped.outcome).to.equal('met');
    expect(stopped.pausedSince).to.equal(undefined);
    expect(clockView(stopped, office(), t('2026-03-26T10:00+01:00'))).to.deep.include({ status: 'met', elapsedMinutes: 60, paused: false });
  });

  it('a breach stays a breach: paused after the due instant, the view still shows it', () => {
    const paused = pauseClock(resolutionClock(60), t('2026-03-20T16:30+01:00'));
    expect(clockView(paused, office(), t('2026-03-23T12:00+01:00'))).to.deep.include({ status: 'breached', paused: true, breachedAt: t('2026-03-20T16:00+01:00') });
    const resumed = resumeClock(paused, t('2026-03-23T12:00+01:00'));
    expect(nextClockInstants(resumed, office())).to.deep.equal([]);
    expect(stopClock(resumed, office(), t('2026-03-23T12:01+01:00')).outcome).to.equal('breached');
  });

  it('a priority change recomputes the due instant from the recorded intervals', () => {
    const clock = resolutionClock(480);
    const at = t('2026-03-23T09:00+01:00'); // 3 h elapsed
    expect(clockView(clock, office(), at).dueAt).to.equal(t('2026-03-23T14:00+01:00'));
    // Raised to P1 with 1 h: already 2 h over, breached since Friday 16:00.
    const urgent = changeTarget(clock, 60);
    expect(clockView(urgent, office(), at)).to.deep.include({ status: 'breached', breachedAt: t('2026-03-20T16:00+01:00'), targetMinutes: 60 });
    // Lowered to 18 business hours: 2 on Friday, 9 on Monday, 7 on Tuesday.
    const relaxed = changeTarget(clock, 18 * 60);
    expect(clockView(relaxed, office(), at)).to.deep.include({ status: 'ok', dueAt: t('2026-03-24T15:00+01:00') });
    expect(nextClockInstants(relaxed, office()).at(-1)).to.deep.equal({ at: t('2026-03-24T15:00+01:00'), kind: 'breach' });
    // A stopped clock keeps the target it was judged by.
    const stopped = stopClock(clock, office(), at);
    expect(changeTarget(stopped, 60)).to.equal(stopped);
  });

  it('starts paused when the ticket starts out waiting', () => {
    const clock = startClock({ id: 'resolution', kind: 'resolution', targetMinutes: 60, at: FRIDAY_15, paused: true });
    expect(clockView(clock, office(), t('2026-03-20T16:00+01:00'))).to.deep.include({ status: 'paused', elapsedMinutes: 0, pausedMinutes: 60 });
    const running = resumeClock(clock, t('2026-03-23T08:00+01:00'));
    expect(clockView(running, office(), t('2026-03-23T08:00+01:00')).dueAt).to.equal(t('2026-03-23T09:00+01:00'));
  });

  it('events given out of order never run time backwards', () => {
    const paused = pauseClock(resolutionClock(), FRIDAY_15 - 3_600_000);
    expect(paused.running).to.deep.equal([{ from: FRIDAY_15, to: FRIDAY_15 }]);
    const resumed = resumeClock(paused, FRIDAY_15 - 3_600_000);
    expect(resumed.running.at(-1)).to.deep.equal({ from: FRIDAY_15 });
  });

  it('a state clock with a 0-minute target is due at once', () => {
    const clock = startClock({ id: 'state:triage', kind: 'state_due', state: 'triage', targetMinutes: 0, at: t('2026-03-21T10:00+01:00') });
    expect(clockView(clock, office(), t('2026-03-21T10:00+01:00'))).to.deep.include({ status: 'breached', state: 'triage' });
    expect(nextClockInstants(clock, office())).to.deep.equal([{ at: t('2026-03-21T10:00+01:00'), kind: 'breach' }]);
  });

  it('is plain JSON: a copy tells the same', () => {
    let clock = resolutionClock();
    clock = resumeClock(pauseClock(clock, t('2026-03-20T16:00+01:00')), t('2026-03-23T09:00+01:00'));
    const copy = JSON.parse(JSON.stringify(clock)) as SlaClockRecord;
    const now = t('2026-03-23T11:00+01:00');
    expect(clockView(copy, JSON.parse(JSON.stringify(office())), now)).to.deep.equal(clockView(clock, office(), now));
  });

  it('on 24x7, business time is real time', () => {
    const clock = startClock({ id: 'r', kind: 'resolution', targetMinutes: 90, at: Date.UTC(2026, 2, 29, 0, 0) });
    expect(clockView(clock, CALENDAR_24X7, Date.UTC(2026, 2, 29, 1, 0))).to.deep.include({ elapsedMinutes: 60, dueAt: Date.UTC(2026, 2, 29, 1, 30) });
  });

  it('refuses a negative target', () => {
    expect(() => startClock({ id: 'x', kind: 'resolution', targetMinutes: -5, at: 0 })).to.throw(RangeError);
    expect(() => changeTarget(resolutionClock(), Number.NaN)).to.throw(RangeError);
  });
});

describe('SLA clocks at the edges of pause, resume, stop and view', () => {
  it('pausing a paused clock or resuming a running one changes nothing', () => {
    const running = resolutionClock();
    expect(resumeClock(running, t('2026-03-20T16:00+01:00'))).to.equal(running);
    const paused = pauseClock(running, t('2026-03-20T16:00+01:00'));
    expect(pauseClock(paused, t('2026-03-23T09:00+01:00'))).to.equal(paused);
    expect(paused.pausedSince).to.equal(t('2026-03-20T16:00+01:00'));
  });

  it('a clock that never ran pauses at its start, not earlier', () => {
    const never: SlaClockRecord = { id: 'r', kind: 'resolution', targetMinutes: 60, warnAt: [], startedAt: FRIDAY_15, running: [] };
    expect(pauseClock(never, FRIDAY_15 - 3_600_000)).to.deep.equal({ ...never, running: [], pausedSince: FRIDAY_15 });
    expect(pauseClock(never, FRIDAY_15 + 60_000).pausedSince).to.equal(FRIDAY_15 + 60_000);
  });

  it('a stop given out of order stops at the latest instant the clock already knew', () => {
    // Before the start: stopped at the start, nothing ran.
    const early = stopClock(resolutionClock(), office(), FRIDAY_15 - 3_600_000);
    expect(early).to.deep.include({ stoppedAt: FRIDAY_15, outcome: 'met' });
    expect(early.running).to.deep.equal([{ from: FRIDAY_15, to: FRIDAY_15 }]);
    // Before the pause it follows: stopped at the pause.
    const paused = pauseClock(resolutionClock(), t('2026-03-20T16:00+01:00'));
    expect(stopClock(paused, office(), t('2026-03-20T15:30+01:00')).stoppedAt).to.equal(t('2026-03-20T16:00+01:00'));
    // After a resume, before the last interval closed: stopped where it closed.
    const resumed = resumeClock(paused, t('2026-03-23T09:00+01:00'));
    const closed = pauseClock(resumed, t('2026-03-23T09:30+01:00'));
    const late = stopClock(closed, office(), t('2026-03-23T09:10+01:00'));
    expect(late.stoppedAt).to.equal(t('2026-03-23T09:30+01:00'));
    expect(clockView(late, office(), t('2026-03-24T09:00+01:00'))).to.deep.include({ status: 'met', elapsedMinutes: 90 });
  });

  it('a stopped clock still refuses a target that is no number of minutes', () => {
    const stopped = stopClock(resolutionClock(), office(), MONDAY_10);
    expect(() => changeTarget(stopped, -1)).to.throw(RangeError, 'an SLA target is a number of minutes >= 0, not -1');
    expect(() => changeTarget(stopped, Number.POSITIVE_INFINITY)).to.throw(RangeError);
    expect(changeTarget(resolutionClock(), 0).targetMinutes).to.equal(0);
  });

  it('a view of a stopped clock at an instant before its stop shows the clock as it stood then', () => {
    const stopped = stopClock(resolutionClock(), office(), t('2026-03-23T09:00+01:00'));
    const before = clockView(stopped, office(), t('2026-03-20T16:00+01:00'));
    expect(before).to.deep.include({ status: 'met', elapsedMinutes: 60, remainingMinutes: 180, pausedMinutes: 0, paused: false });
    // A stopped clock that breached shows the breach, whenever it is looked at.
    const breached = stopClock(resolutionClock(60), office(), t('2026-03-20T16:30+01:00'));
    expect(clockView(breached, office(), t('2026-03-30T12:00+02:00'))).to.deep.include({ status: 'breached', breachedAt: t('2026-03-20T16:00+01:00'), elapsedMinutes: 90 });
  });

  it('a view before the clock started shows nothing elapsed and nothing paused', () => {
    const view = clockView(resolutionClock(), office(), FRIDAY_15 - 3_600_000);
    expect(view).to.deep.include({ status: 'ok', elapsedMinutes: 0, pausedMinutes: 0, remainingMinutes: 240 });
  });

  it('at a threshold it is reached and the next one is announced', () => {
    const view = clockView(resolutionClock(), office(), t('2026-03-23T09:00+01:00'));
    expect(view.warningsReached).to.deep.equal([75]);
    expect(view.nextWarningAt).to.equal(t('2026-03-23T09:36+01:00'));
    // Thresholds in any order in a stored record: the next one is still the nearest.
    const unsorted: SlaClockRecord = { ...resolutionClock(), warnAt: [90, 50, 75] };
    expect(clockView(unsorted, office(), t('2026-03-20T16:00+01:00')).nextWarningAt).to.equal(t('2026-03-20T17:00+01:00'));
    // A stopped or paused clock announces no warning.
    expect(clockView(stopClock(resolutionClock(), office(), t('2026-03-20T16:00+01:00')), office(), t('2026-03-20T16:00+01:00')).nextWarningAt).to.equal(undefined);
  });

  it('keeps the due instant of a stopped clock and writes it in ISO 8601 too', () => {
    const stopped = stopClock(resolutionClock(), office(), t('2026-03-20T16:00+01:00'));
    const view = clockView(stopped, office(), t('2026-03-25T12:00+01:00'));
    expect(view).to.deep.include({ dueAt: MONDAY_10, dueAtIso: '2026-03-23T09:00:00.000Z' });
    expect(view).not.to.have.property('breachedAt');
    expect(view).not.to.have.property('state');
  });
});

describe('SLA clocks: what the mutation run of clock.ts still found untested', () => {
  const FRIDAY_16 = t('2026-03-20T16:00+01:00');
  const MONDAY_09 = t('2026-03-23T09:00+01:00');
  const resumedMonday = (): SlaClockRecord => resumeClock(pauseClock(resolutionClock(), FRIDAY_16), MONDAY_09);

  it('a pause or a stop given before the last resume happens at that resume', () => {
    expect(pauseClock(resumedMonday(), t('2026-03-20T16:30+01:00')).pausedSince).to.equal(MONDAY_09);
    expect(stopClock(resumedMonday(), office(), t('2026-03-20T16:30+01:00')).stoppedAt).to.equal(MONDAY_09);
  });

  it('a clock that never ran stops at the later of its start and the stop', () => {
    const never: SlaClockRecord = { id: 'r', kind: 'resolution', targetMinutes: 60, warnAt: [], startedAt: FRIDAY_15, running: [] };
    expect(stopClock(never, office(), FRIDAY_16)).to.deep.include({ stoppedAt: FRIDAY_16, outcome: 'met' });
    expect(stopClock(never, office(), FRIDAY_15 - 60_000).stoppedAt).to.equal(FRIDAY_15);
  });

  it('announces the next warning after a resume from the business time already run', () => {
    // 60 min ran before the pause; 75 % of 240 min is 180 min: 120 min more from Monday 09:00.
    expect(clockView(resumedMonday(), office(), MONDAY_09).nextWarningAt).to.equal(t('2026-03-23T11:00+01:00'));
  });

  it('a paused or stopped clock, looked at before it paused or stopped, announces no warning', () => {
    const paused = pauseClock(resolutionClock(), FRIDAY_16);
    expect(clockView(paused, office(), t('2026-03-20T15:30+01:00'))).to.deep.include({ status: 'paused', elapsedMinutes: 30 });
    expect(clockView(paused, office(), t('2026-03-20T15:30+01:00')).nextWarningAt).to.equal(undefined);
    const stopped = stopClock(resolutionClock(), office(), FRIDAY_16);
    expect(clockView(stopped, office(), t('2026-03-20T15:30+01:00')).nextWarningAt).to.equal(undefined);
  });
});

describe('SLA clocks: instants and fields the mutation run of src/sla found unchecked', () => {
  it('announces a warning above 100 % after the breach, in time order', () => {
    // 60 min from Friday 15:00: 50 % at 15:30, the breach at 16:00, 120 % (72 min) at 16:12.
    const clock = startClock({ id: 'r', kind: 'resolution', targetMinutes: 60, warnAt: [120, 50], at: FRIDAY_15 });
    expect(nextClockInstants(clock, office())).to.deep.equal([
      { at: t('2026-03-20T15:30+01:00'), kind: 'warning', percent: 50 },
      { at: t('2026-03-20T16:00+01:00'), kind: 'breach' },
      { at: t('2026-03-20T16:12+01:00'), kind: 'warning', percent: 120 },
    ]);
  });

  it('a threshold reached exactly at a pause is not announced again after the resume', () => {
    // Friday 15:00–17:00 and Monday 08:00–09:00 are 180 min, 75 % of 240; resumed at 10:00,
    // the remaining 60 min end at 11:00.
    const clock = resumeClock(pauseClock(resolutionClock(), t('2026-03-23T09:00+01:00')), t('2026-03-23T10:00+01:00'));
    expect(nextClockInstants(clock, office())).to.deep.equal([
      { at: t('2026-03-23T10:36+01:00'), kind: 'warning', percent: 90 },
      { at: t('2026-03-23T11:00+01:00'), kind: 'breach' },
    ]);
  });

  it('a clock of no state has no state field', () => {
    expect(resolutionClock()).not.to.have.property('state');
    expect(startClock({ id: 's', kind: 'state_due', state: 'triage', targetMinutes: 5, at: FRIDAY_15 }).state).to.equal('triage');
  });
});
