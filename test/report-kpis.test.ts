import { expect } from 'chai';
import { ageBucket, backlogOf, computeReport, formatReportCsv, percentile, ticketFacts } from '../src/report';
import { packFacts, unpackFacts } from '../src/report/ticket-facts';
import { recordOf } from './helpers/archive-records';
import type { BusinessCalendar } from '../src/sla/business-calendar';
import { loadCalendars } from '../src/sla/load-calendars';
import { simpleRecord } from './helpers/archive-records';

const officeHours: BusinessCalendar = loadCalendars().get('office-hours')!;

describe('report formulas (pure)', () => {
  it('percentiles by nearest rank are always one of the values', () => {
    expect(percentile([4, 1, 3, 2], 50)).to.equal(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).to.equal(9);
    expect(percentile([7], 90)).to.equal(7);
    expect(percentile([], 50)).to.equal(undefined);
    expect(() => percentile([1], 0)).to.throw('a percentile is in (0, 100], not 0');
  });

  it('an empty window has counts of zero and no percentages (null, never 0 or NaN)', () => {
    const report = computeReport([], { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    expect(report.tickets).to.deep.equal({ opened: 0, closed: 0 });
    expect([report.slaMetPct, report.firstContactResolutionPct, report.sameDayPct, report.escalationRate.L1toL2]).to.deep.equal([null, null, null, null]);
    expect(report.timeToResolve.p50BusinessMin).to.equal(null);
    expect(report.sla).to.deep.equal([]);
  });

  it('ages open tickets in business days of their calendar: a weekend does not count', () => {
    // Friday 2026-03-06 16:00 Berlin; Monday 09:00 is one business day later, Thursday 10:00 four.
    const opened = Date.parse('2026-03-06T16:00:00+01:00');
    expect(ageBucket(officeHours, opened, Date.parse('2026-03-06T16:59:00+01:00'))).to.equal('<1d');
    expect(ageBucket(officeHours, opened, Date.parse('2026-03-09T09:00:00+01:00'))).to.equal('1-3d');
    expect(ageBucket(officeHours, opened, Date.parse('2026-03-12T10:00:00+01:00'))).to.equal('3-10d');
    expect(ageBucket(officeHours, opened, Date.parse('2026-03-24T10:00:00+01:00'))).to.equal('>10d');
    const backlog = backlogOf(
      [
        { tier: 'L2', openedAt: opened, calendar: officeHours },
        { tier: 'L1', openedAt: opened, calendar: officeHours },
        { tier: 'L1', openedAt: Date.parse('2026-03-09T08:30:00+01:00'), calendar: officeHours },
      ],
      Date.parse('2026-03-09T09:00:00+01:00'),
    );
    expect(backlog.byTier).to.deep.equal([
      { tier: 'L1', '<1d': 1, '1-3d': 1, '3-10d': 0, '>10d': 0 },
      { tier: 'L2', '<1d': 0, '1-3d': 1, '3-10d': 0, '>10d': 0 },
    ]);
  });

  it('facts are stored packed and read back unchanged', () => {
    const record = recordOf(
      [
        { at: '2026-03-02T09:01:00Z', assign: 'anna' },
        { at: '2026-03-02T09:05:00Z', event: { type: 'ACCEPT' } },
        { at: '2026-03-02T09:10:00Z', event: { type: 'ESCALATE', data: { reason: 'x' }, actor: 'anna' } },
        { at: '2026-03-02T09:11:00Z', assign: 'clara', reason: 'escalation' },
        { at: '2026-03-02T09:40:00Z', event: { type: 'RESOLVE', data: { resolution: 'x' }, actor: 'clara' } },
      ],
    );
    const facts = ticketFacts(record);
    expect(facts.escalatedL1toL2).to.equal(true);
    expect(unpackFacts(JSON.parse(JSON.stringify(packFacts(facts))) as unknown[])).to.deep.equal(facts);
    expect(() => unpackFacts([99])).to.throw('archived facts of an unknown version: 99');
  });

  it('CSV quotes a field with a comma or a quote', () => {
    const facts = [ticketFacts(simpleRecord('SOP-CSV', '2026-03-02T09:00:00Z', 30, { channel: 'email' }))];
    const report = computeReport(facts.map((fact) => ({ ...fact, agent: 'Mustermann, "Erika"' })), { from: '2026-03-01T00:00:00Z', to: '2026-03-08T00:00:00Z', groupBy: 'agent' });
    expect(formatReportCsv(report).split('\r\n')).to.include('group:agent,"Mustermann, ""Erika""",closed,1');
  });
});
