import { expect } from 'chai';
import { calendarCommand } from '../src/cli/commands/calendar';
import { runCalendarCommand } from '../src/cli/run-calendar';
import { SopflowError } from '../src/errors/sopflow-error';
import { SourceProblemsError } from '../src/source/problem';

describe('sopflow calendar', () => {
  it('--from --add prints the deadline in the calendar zone and in UTC', () => {
    expect(runCalendarCommand('office-hours', { from: '2026-03-20T16:00', add: '4h' })).to.equal(
      [
        'calendar  office-hours (Europe/Berlin)',
        'from      2026-03-20T16:00:00+01:00 (2026-03-20T15:00:00Z)',
        'add       4h business time',
        'deadline  2026-03-23T11:00:00+01:00 (2026-03-23T10:00:00Z)',
      ].join('\n'),
    );
  });

  it('reads an instant with an offset as that instant', () => {
    expect(runCalendarCommand('office-hours', { from: '2026-04-02T14:00:00Z', add: '4h' })).to.contain(
      'deadline  2026-04-07T11:00:00+02:00 (2026-04-07T09:00:00Z)',
    );
  });

  it('--add without --from starts now', () => {
    const now = Date.parse('2026-03-28T21:00:00Z'); // Saturday 22:00 CET
    expect(runCalendarCommand('it-night-shift', { add: '8h', now })).to.contain('deadline  2026-03-29T23:00:00+02:00 (2026-03-29T21:00:00Z)');
  });

  it('--between prints business minutes', () => {
    expect(runCalendarCommand('office-hours', { between: ['2026-03-20T16:00', '2026-03-23T11:00'] })).to.equal(
      [
        'calendar  office-hours (Europe/Berlin)',
        'from      2026-03-20T16:00:00+01:00 (2026-03-20T15:00:00Z)',
        'to        2026-03-23T11:00:00+01:00 (2026-03-23T10:00:00Z)',
        'business  240 minutes (4h)',
      ].join('\n'),
    );
    expect(runCalendarCommand('24x7', { between: ['2026-03-20T16:00:30Z', '2026-03-20T16:00Z'] })).to.contain('business  -0.5 minutes (-30s)');
  });

  it('without --add or --between describes the calendar', () => {
    const text = runCalendarCommand('halle-service-desk');
    expect(text).to.contain('  sat  09:00-13:00');
    expect(text).to.contain('  sun  closed');
    // Public holidays come from the data set as dates of the resolved years.
    expect(text).to.match(/ {2}\d{4}-01-06 {3}Epiphany\n/);
    expect(text).to.match(/ {2}\d{4}-10-31 {3}Reformation Day\n/);
    expect(runCalendarCommand('it-night-shift')).to.contain('  12-24        Christmas Eve');
  });

  it('explains mistakes', () => {
    expect(() => runCalendarCommand('ofice-hours')).to.throw(SopflowError, "unknown calendar 'ofice-hours'").with.property('suggestion', "did you mean 'office-hours'?");
    expect(() => runCalendarCommand('office-hours', { from: 'Friday', add: '4h' })).to.throw(SopflowError, "'Friday' is not an ISO 8601 instant");
    expect(() => runCalendarCommand('office-hours', { from: '2026-03-20T16:00', add: '4 hours' })).to.throw(SopflowError, "'4 hours' is not a duration");
    expect(() => runCalendarCommand('office-hours', { between: ['2026-03-20T16:00'] })).to.throw(SopflowError, '--between takes two instants');
    expect(() => runCalendarCommand('office-hours', { from: '2026-03-20T16:00' })).to.throw(SopflowError, '--from needs --add');
    expect(() => runCalendarCommand('office-hours', { file: 'package.json' })).to.throw(SourceProblemsError, 'package.json:');
  });

  it('is a commander command', async () => {
    const printed: unknown[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => printed.push(...args);
    try {
      await calendarCommand.parseAsync(['office-hours', '--between', '2026-03-20T16:00', '2026-03-23T11:00'], { from: 'user' });
    } finally {
      console.log = log;
    }
    expect(String(printed[0])).to.contain('business  240 minutes (4h)');
  });
});
