import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { postgresArchive } from '../src/archive';
import type { ArchiveStore } from '../src/archive';
import { formatReportCsv, formatReportText, runReport } from '../src/report';
import type { Report, TimeFigures } from '../src/report';
import { startPostgresServer } from '../src/servers';
import type { PostgresServerHandle } from '../src/servers';
import type { BusinessCalendar } from '../src/sla/business-calendar';
import type { TicketEventInput } from '../src/ticket/types';
import { agentAbsentSignal, changePriorityUpdate, contactedAgainSignal, sendEventUpdate, statusQuery } from '../src/workflows/ticket-messages';
import type { ticketWorkflow } from '../src/workflows/ticket-workflow';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';
import { RecordingActivities } from './helpers/recording-activities';
import { createTicketTestEnv, startTestTicket, testTicket, ticketTestWorker, waitForStatus } from './helpers/ticket-test-env';

/*
 * Twelve tickets with known outcomes driven through the real ticket workflow on the time-skipping
 * server, archived in a real PostgreSQL, then every KPI checked against figures worked out by
 * hand below. Office hours Mon-Fri 08:00-17:00 in UTC without holidays, so the sums are easy to
 * follow. P2 targets: first response 30 min, L1 due 1 h, L2 4 h, L3 8 h, resolution 24 h.
 * All times are on the first Monday (M) after the server's clock unless said otherwise.
 */
const officeUtc: BusinessCalendar = {
  name: 'office-utc',
  timezone: 'UTC',
  weekly: {
    mon: [{ startMinute: 480, endMinute: 1020 }],
    tue: [{ startMinute: 480, endMinute: 1020 }],
    wed: [{ startMinute: 480, endMinute: 1020 }],
    thu: [{ startMinute: 480, endMinute: 1020 }],
    fri: [{ startMinute: 480, endMinute: 1020 }],
    sat: [],
    sun: [],
  },
  holidays: { fixed: [], dates: [], easterOffsets: [] },
};
const flow = flowFromYaml(
  ESCALATION_FLOW.replace('calendar: 24x7', 'calendar: office-utc').replace('  resolution: {', '  first_response: { P1: 15m, P2: 30m, P3: 1h, P4: 2h }\n  resolution: {'),
);

type Step =
  | { at: number; ticket: string; open: { priority?: string } }
  | { at: number; ticket: string; event: TicketEventInput }
  | { at: number; ticket: string; contact: true }
  | { at: number; ticket: string; ownerAbsent: true }
  | { at: number; ticket: string; priority: string };

const H = 60;
const DAY = 24 * H;
const resolve: TicketEventInput = { type: 'RESOLVE', data: { resolution: 'done' }, actor: 'agent' };
const escalate: TicketEventInput = { type: 'ESCALATE', data: { reason: 'needs the next level' }, actor: 'agent' };
const accept: TicketEventInput = { type: 'ACCEPT', actor: 'agent' };
// Minutes after M 08:00.
const STEPS: Step[] = [
  // T1 solved at L1 the same day: 40 min.
  { at: 0, ticket: 'T1', open: {} }, { at: 10, ticket: 'T1', event: accept }, { at: 40, ticket: 'T1', event: resolve },
  // T2: 60 min.
  { at: 0, ticket: 'T2', open: {} }, { at: 20, ticket: 'T2', event: accept }, { at: 60, ticket: 'T2', event: resolve },
  // T3: first response after 45 min breaches its 30 min (it only alerts); 75 min.
  { at: 0, ticket: 'T3', open: {} }, { at: 45, ticket: 'T3', event: accept }, { at: 75, ticket: 'T3', event: resolve },
  // T4 waits on the customer for 2 h (clocks paused): L1 clock 30 + 25 min; 180 min.
  { at: 0, ticket: 'T4', open: {} }, { at: 5, ticket: 'T4', event: accept }, { at: 35, ticket: 'T4', event: { type: 'ASK_CUSTOMER', actor: 'agent' } },
  { at: 155, ticket: 'T4', event: { type: 'CUSTOMER_REPLIED', actor: 'customer' } }, { at: 180, ticket: 'T4', event: resolve },
  // T5 solved at L1 but the customer got in touch twice more: not first-contact; 50 min.
  { at: 0, ticket: 'T5', open: {} }, { at: 10, ticket: 'T5', event: accept }, { at: 20, ticket: 'T5', contact: true }, { at: 30, ticket: 'T5', contact: true },
  { at: 50, ticket: 'T5', event: resolve },
  // T6: L1 due date passes at 70 (accepted at 10 + 1 h): escalated to L2 by itself; L2 resolves 60 min later; 130 min.
  { at: 0, ticket: 'T6', open: {} }, { at: 10, ticket: 'T6', event: accept }, { at: 130, ticket: 'T6', event: resolve },
  // T7 escalated by hand L1 -> L2 -> L3, an hour at each; 155 min.
  { at: 0, ticket: 'T7', open: {} }, { at: 5, ticket: 'T7', event: accept }, { at: 35, ticket: 'T7', event: escalate },
  { at: 95, ticket: 'T7', event: escalate }, { at: 155, ticket: 'T7', event: resolve },
  // T8 at L3 from 08:45; its 8 h are used up at 16:45; resolved Tuesday 09:00, 75 business min late. 600 business, 1500 calendar min.
  { at: 0, ticket: 'T8', open: {} }, { at: 5, ticket: 'T8', event: accept }, { at: 15, ticket: 'T8', event: escalate },
  { at: 45, ticket: 'T8', event: escalate }, { at: DAY + 60, ticket: 'T8', event: resolve },
  // T9: its owner is absent at 30 and a colleague takes over; 60 min.
  { at: 0, ticket: 'T9', open: {} }, { at: 10, ticket: 'T9', event: accept }, { at: 30, ticket: 'T9', ownerAbsent: true }, { at: 60, ticket: 'T9', event: resolve },
  // T10 (P3: L1 due 4 h) opened Friday 16:00, resolved Monday 08:30: 90 business, 3870 calendar min, not the same day.
  { at: 4 * DAY + 8 * H, ticket: 'T10', open: { priority: 'P3' } }, { at: 4 * DAY + 8 * H + 10, ticket: 'T10', event: accept },
  { at: 7 * DAY + 30, ticket: 'T10', event: resolve },
  // T11 opened 10:00, raised to P1 at 10:15 (L1 due 30 min from 10:10), resolved 10:30: 30 min.
  { at: 2 * H, ticket: 'T11', open: {} }, { at: 2 * H + 10, ticket: 'T11', event: accept }, { at: 2 * H + 15, ticket: 'T11', priority: 'P1' },
  { at: 2 * H + 30, ticket: 'T11', event: resolve },
  // T12 escalated to L2 at 20; nobody acts, its 4 h pass at 12:20 and it goes to L3 by itself; resolved 13:20: 320 min.
  { at: 0, ticket: 'T12', open: {} }, { at: 5, ticket: 'T12', event: accept }, { at: 20, ticket: 'T12', event: escalate }, { at: 5 * H + 20, ticket: 'T12', event: resolve },
];

describe('report KPIs over a fixture of 12 tickets (time-skipping server, PostgreSQL)', function () {
  this.timeout(300_000);
  let env: TestWorkflowEnvironment;
  let server: PostgresServerHandle;
  let store: ArchiveStore;
  let report: Report;
  let window: { from: string; to: string };

  before(async () => {
    [env, server] = await Promise.all([createTicketTestEnv(), startPostgresServer()]);
    store = postgresArchive(server.url);
    await store.ready();
    const deps = Object.assign(new RecordingActivities(), { archive: store });
    const worker = await ticketTestWorker(env, 'tq-report-fixture', deps);
    const now = await env.currentTimeMs();
    const monday = nextMonday0800(now);
    window = { from: new Date(monday - 7 * DAY * 60_000).toISOString(), to: new Date(monday + 14 * DAY * 60_000).toISOString() };
    const handles = new Map<string, WorkflowHandle<typeof ticketWorkflow>>();
    const numbers = new Map<string, string>();
    await worker.runUntil(async () => {
      for (const step of [...STEPS].sort((a, b) => a.at - b.at)) {
        const target = monday + step.at * 60_000;
        const current = await env.currentTimeMs();
        if (target > current) await env.sleep(target - current);
        if ('open' in step) {
          const ticket = testTicket({ priority: step.open.priority ?? 'P2' });
          numbers.set(step.ticket, ticket.number);
          handles.set(step.ticket, await startTestTicket(env, 'tq-report-fixture', flow, ticket, {}, officeUtc));
          await waitForStatus(handles.get(step.ticket)!, (status) => status.assignee !== undefined, `${step.ticket} assigned`);
          continue;
        }
        const handle = handles.get(step.ticket)!;
        if ('event' in step) await handle.executeUpdate(sendEventUpdate, { args: [step.event] });
        else if ('contact' in step) await handle.signal(contactedAgainSignal, { channel: 'phone', subject: 'any news?' });
        else if ('priority' in step) await handle.executeUpdate(changePriorityUpdate, { args: [{ priority: step.priority }] });
        else {
          const owner = (await handle.query(statusQuery)).assignee!;
          await handle.signal(agentAbsentSignal, { agent: owner });
          await waitForStatus(handle, (status) => status.assignee !== owner, `${step.ticket} reassigned`);
        }
      }
      for (const [name, handle] of handles) expect((await handle.result()).state, name).to.equal('resolved');
    });
    report = await runReport(store, window);
  });
  after(async () => {
    await store?.close();
    await env?.teardown();
    await server?.destroy();
  });

  it('counts the tickets opened and closed', () => {
    expect(report.tickets).to.deep.equal({ opened: 12, closed: 12 });
  });

  it('SLA met % per clock = met / (met + breached); the intake state has no due date and is counted apart', () => {
    expect(report.sla).to.deep.equal([
      // T3 breached its first response.
      { clock: 'first_response', met: 11, breached: 1, metPct: 91.7 },
      { clock: 'resolution', met: 12, breached: 0, metPct: 100 },
      // T6 breached at L1, T12 at L2, T8 at L3; T7, T8 and T12 reached L3, T6 T7 T8 T12 L2.
      { clock: 'due:l1_triage', met: 11, breached: 1, metPct: 91.7 },
      { clock: 'due:l2_diagnosis', met: 3, breached: 1, metPct: 75 },
      { clock: 'due:l3_provider', met: 2, breached: 1, metPct: 66.7 },
    ]);
    expect(report.untimedClocks).to.deep.equal([{ clock: 'intake', tickets: 12 }]);
    // 43 clocks, 4 breached.
    expect(report.slaMetPct).to.equal(90.7);
  });

  it('first-contact resolution, same-day resolution and escalation rates', () => {
    // T1 T2 T3 T4 T9 T10 T11: at L1, never escalated, at most one customer message (T5 had two).
    expect(report.firstContactResolutionPct).to.equal(58.3);
    // All but T8 (Tuesday) and T10 (Friday -> Monday).
    expect(report.sameDayPct).to.equal(83.3);
    // 4 of the 12 worked at L1 went to L2 (T6 T7 T8 T12); 3 of those 4 went on to L3.
    expect(report.escalationRate).to.deep.equal({ L1toL2: 33.3, L2toL3: 75 });
  });

  it('time to resolve p50 / p90 (nearest rank) in business and calendar minutes', () => {
    // Business: 30 40 50 60 60 75 90 130 155 180 320 600 -> 6th and 11th. Calendar: 30 40 50 60 60 75 130 155 180 320 1500 3870.
    expectMinutes(report.timeToResolve, { p50BusinessMin: 75, p90BusinessMin: 320, p50CalendarMin: 75, p90CalendarMin: 1500 });
  });

  it('time per tier and the L1 -> L2 hand-over gap', () => {
    const [l1, l2, l3] = report.timePerTier;
    // L1: 15 20 30 35 40 50 60 60 60 70 75 90 (T10's 90 business minutes are 3870 calendar minutes).
    expect([l1!.tier, l1!.tickets]).to.deep.equal(['L1', 12]);
    expectMinutes(l1!, { p50BusinessMin: 50, p90BusinessMin: 75, p50CalendarMin: 50, p90CalendarMin: 75 });
    // L2: 30 (T8) 60 (T6) 60 (T7) 240 (T12).
    expect([l2!.tier, l2!.tickets]).to.deep.equal(['L2', 4]);
    expectMinutes(l2!, { p50BusinessMin: 60, p90BusinessMin: 240, p50CalendarMin: 60, p90CalendarMin: 240 });
    // L3: 60 (T7) 60 (T12) and T8's Monday 08:45 -> Tuesday 09:00: 555 business, 1455 calendar minutes.
    expect([l3!.tier, l3!.tickets]).to.deep.equal(['L3', 3]);
    expectMinutes(l3!, { p50BusinessMin: 60, p90BusinessMin: 555, p50CalendarMin: 60, p90CalendarMin: 1455 });
    // T6 60, T7 60, T8 30; T12's L2 never acted (its breach moved it on), so it has no gap.
    expect(report.handoverL1toL2.tickets).to.equal(3);
    expectMinutes(report.handoverL1toL2, { p50BusinessMin: 60, p90BusinessMin: 60, p50CalendarMin: 60, p90CalendarMin: 60 });
  });

  it('reassignment rate by reason', () => {
    expect(report.reassignmentRate).to.deep.equal([
      // T6 once (to L2), T7 T8 T12 twice (L2, L3).
      { reason: 'escalation', tickets: 4, reassignments: 7, pct: 33.3 },
      { reason: 'absence', tickets: 1, reassignments: 1, pct: 8.3 },
      { reason: 'by_hand', tickets: 0, reassignments: 0, pct: 0 },
      { reason: 'handover', tickets: 0, reassignments: 0, pct: 0 },
    ]);
  });

  it('breach hot spots: which state breaches most, and by how much', () => {
    expect(report.hotSpots.map((spot) => [spot.state, spot.clocks, spot.breached, spot.breachedPct, spot.avgOverrunMin === null ? null : Math.round(spot.avgOverrunMin)])).to.deep.equal([
      // T8 ran 75 business minutes past its L3 due date; the escalating breaches stopped at theirs.
      ['l3_provider', 3, 1, 33.3, 75],
      ['l1_triage', 12, 1, 8.3, 0],
      ['l2_diagnosis', 4, 1, 25, 0],
    ]);
  });

  it('per flow version and grouped by tier and priority', async () => {
    expect(report.versions.map((row) => [row.flow, row.version, row.closed, row.sameDayPct])).to.deep.equal([['escalation-test', 1, 12, 83.3]]);
    const byTier = await runReport(store, { ...window, groupBy: 'tier' });
    // Resolved at L1: T1-T5 T9 T10 T11; at L2: T6; at L3: T7 T8 T12 (155, 320, 600 business minutes).
    expect(byTier.groups.map((group) => [group.key, group.closed])).to.deep.equal([['L1', 8], ['L2', 1], ['L3', 3]]);
    const l3 = byTier.groups[2]!;
    expect([l3.sameDayPct, l3.firstContactResolutionPct, l3.escalationRate.L2toL3]).to.deep.equal([66.7, 0, 100]);
    expect(Math.round(l3.timeToResolve.p50BusinessMin!)).to.equal(320);
    const byPriority = await runReport(store, { ...window, groupBy: 'priority' });
    expect(byPriority.groups.map((group) => [group.key, group.closed, group.sameDayPct])).to.deep.equal([['P1', 1, 100], ['P2', 10, 90], ['P3', 1, 0]]);
  });

  it('`sopflow report --format json` prints the same report from SOPFLOW_DATABASE_URL; csv and text carry the figures', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/sopflow.js', 'report', '--from', window.from, '--to', window.to, '--format', 'json', '--no-backlog'], {
      env: { ...process.env, SOPFLOW_DATABASE_URL: server.url },
    });
    const printed = JSON.parse(stdout) as Report;
    expect(printed).to.deep.equal(report);
    expect(Object.keys(printed)).to.include.members(['from', 'to', 'tickets', 'sla', 'firstContactResolutionPct', 'sameDayPct', 'timeToResolve', 'escalationRate', 'groups']);
    const csv = formatReportCsv(report).split('\r\n');
    expect(csv[0]).to.equal('section,key,metric,value');
    expect(csv).to.include('sla,due:l3_provider,metPct,66.7');
    expect(csv).to.include('total,,sameDayPct,83.3');
    const text = formatReportText(report);
    expect(text).to.match(/due:l2_diagnosis\s+3\s+1\s+75\.0/);
    expect(text).to.match(/same-day resolution\s+83\.3/);
  });
});

/** Minutes measured on the time-skipping server carry the milliseconds its calls take: compared to 0.2 min. */
function expectMinutes(actual: TimeFigures, expected: Record<keyof TimeFigures, number>): void {
  for (const key of Object.keys(expected) as Array<keyof TimeFigures>) expect(actual[key], key).to.be.closeTo(expected[key], 0.2);
}

function nextMonday0800(now: number): number {
  const date = new Date(now);
  const daysAhead = (8 - date.getUTCDay()) % 7 || 7;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + daysAhead, 8, 0, 0);
}
