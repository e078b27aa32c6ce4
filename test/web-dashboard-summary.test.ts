import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { TicketListRow } from '../src/client/ticket-client';
import { parseConfig } from '../src/config/load-config';
import { loadFlowCatalog } from '../src/runtime/flow-catalog';
import { dashboardSummary } from '../src/web/dashboard-summary';

const NOW = Date.parse('2026-12-01T15:00:00Z');
const row = (number: string, over: Partial<TicketListRow>): TicketListRow => ({ number, flow: 'password-reset', status: 'Running', startTime: '2026-12-01T09:00:00.000Z', ...over });

describe('dashboard figures, counted in memory from one visibility snapshot', () => {
  const catalog = loadFlowCatalog('flows');
  const config = parseConfig(readFileSync('sopflow.config.yaml', 'utf8'), 'sopflow.config.yaml', { SOPFLOW_SMTP_PORT: '2525' }, process.cwd());

  it('counts per tier open, waiting, at risk and breached; agents absent now; today’s figures', () => {
    const open = [
      row('A', { state: 'l1_identity_check', tier: 'L1', slaStatus: 'ok', startTime: '2026-11-28T08:00:00.000Z' }),
      row('B', { state: 'l1_identity_check', tier: 'L1', slaStatus: 'warning' }),
      row('C', { state: 'l1_waiting_for_customer', tier: 'L1', slaStatus: 'paused' }),
      row('D', { state: 'l2_account_analysis', tier: 'L2', slaStatus: 'breached' }),
    ];
    const closedToday = [
      row('E', { status: 'Completed', closeTime: '2026-12-01T12:00:00.000Z' }),
      row('F', { status: 'Completed', startTime: '2026-11-30T10:00:00.000Z', closeTime: '2026-12-01T11:00:00.000Z' }),
    ];
    const absences = [
      { agent: 'j.weber', from: '2026-12-01T00:00:00Z', to: '2026-12-05T00:00:00Z' },
      { agent: 'k.becker', from: '2026-12-02T00:00:00Z', to: '2026-12-05T00:00:00Z' },
    ];
    const summary = dashboardSummary({ open, closedToday, absences, queued: { L2: 3 }, config, catalog, now: NOW });
    expect(summary.tiers.L1).to.deep.equal({ open: 3, unassigned: 0, waiting: 1, warning: 1, breached: 0 });
    expect(summary.tiers.L2).to.deep.equal({ open: 1, unassigned: 3, waiting: 0, warning: 0, breached: 1 });
    expect(summary.agentsAbsent).to.deep.equal(['j.weber']);
    expect(summary.agentsAvailable).to.have.length(8).and.include('k.becker');
    expect(summary.openedToday).to.equal(4);
    expect(summary.resolvedToday).to.equal(2);
    expect(summary.sameDayRate).to.equal(0.5);
    expect(summary.oldestOpen).to.deep.equal({ number: 'A', since: '2026-11-28T08:00:00.000Z' });
  });

  it('has no same-day rate before the first resolution of the day', () => {
    const summary = dashboardSummary({ open: [], closedToday: [], absences: [], config, catalog, now: NOW });
    expect(summary.sameDayRate).to.equal(undefined);
    expect(summary.oldestOpen).to.equal(undefined);
  });
});
