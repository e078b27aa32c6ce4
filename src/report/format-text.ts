import type { Figures, Report, TimeFigures } from './kpis';
import { AGE_BUCKETS } from './backlog';

/** The report as a readable table for a terminal. */
export function formatReportText(report: Report): string {
  const lines: string[] = [];
  const day = (iso: string) => iso.replace('T00:00:00.000Z', '');
  lines.push(`sopflow report ${day(report.from)} .. ${day(report.to)}${report.flow ? ` (flow ${report.flow})` : ''}`);
  lines.push(`tickets: ${report.tickets.opened} opened, ${report.tickets.closed} closed`);
  lines.push('');
  lines.push(...table(['SLA clock', 'met', 'breached', 'met %'], report.sla.map((row) => [row.clock, row.met, row.breached, pct(row.metPct)])));
  if (report.untimedClocks.length) lines.push(`  without a target (left out): ${report.untimedClocks.map((row) => `${row.clock} ${row.tickets}`).join(', ')}`);
  lines.push('');
  lines.push(...table(
    ['figure', 'value'],
    [
      ['SLA met, all clocks', pct(report.slaMetPct)],
      ['first-contact resolution', pct(report.firstContactResolutionPct)],
      ['same-day resolution', pct(report.sameDayPct)],
      ['escalation L1 -> L2', pct(report.escalationRate.L1toL2)],
      ['escalation L2 -> L3', pct(report.escalationRate.L2toL3)],
      ...report.reassignmentRate.map((row) => [`reassigned: ${row.reason.replace('_', ' ')}`, `${pct(row.pct)} (${row.reassignments})`]),
    ],
  ));
  lines.push('');
  lines.push(...table(
    ['time (minutes)', 'tickets', 'p50 business', 'p90 business', 'p50 calendar', 'p90 calendar'],
    [
      ['to resolve', report.tickets.closed, ...timeCells(report.timeToResolve)],
      ...report.timePerTier.map((row) => [`at ${row.tier}`, row.tickets, ...timeCells(row)]),
      ['L1 -> L2 hand-over gap', report.handoverL1toL2.tickets, ...timeCells(report.handoverL1toL2)],
    ],
  ));
  lines.push('');
  lines.push('breach hot spots');
  lines.push(...(report.hotSpots.length
    ? table(['flow', 'state', 'clocks', 'breached', 'breached %', 'avg overrun', 'max overrun'], report.hotSpots.map((row) => [row.flow, row.state, row.clocks, row.breached, pct(row.breachedPct), num(row.avgOverrunMin), num(row.maxOverrunMin)]))
    : ['  none']));
  lines.push('');
  lines.push('per flow version');
  lines.push(...figureTable('flow version', report.versions.map((row) => [`${row.flow} v${row.version}`, row])));
  if (report.groupBy) {
    lines.push('');
    lines.push(`by ${report.groupBy}`);
    lines.push(...figureTable(report.groupBy, report.groups.map((row) => [row.key, row])));
  }
  if (report.backlog) {
    lines.push('');
    lines.push(`backlog now (${report.backlog.open} open, age in business days)`);
    lines.push(...table(['tier', ...AGE_BUCKETS], report.backlog.byTier.map((row) => [row.tier, ...AGE_BUCKETS.map((bucket) => row[bucket])])));
  }
  return lines.join('\n');
}

function figureTable(name: string, rows: Array<[string, Figures]>): string[] {
  return table(
    [name, 'closed', 'SLA met %', 'FCR %', 'same day %', 'p50 business', 'p90 business', 'L1->L2 %', 'L2->L3 %'],
    rows.map(([key, row]) => [key, row.closed, pct(row.slaMetPct), pct(row.firstContactResolutionPct), pct(row.sameDayPct), num(row.timeToResolve.p50BusinessMin), num(row.timeToResolve.p90BusinessMin), pct(row.escalationRate.L1toL2), pct(row.escalationRate.L2toL3)]),
  );
}

function timeCells(row: TimeFigures): string[] {
  return [num(row.p50BusinessMin), num(row.p90BusinessMin), num(row.p50CalendarMin), num(row.p90CalendarMin)];
}

function table(header: string[], rows: Array<Array<string | number>>): string[] {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  // Names left-aligned, figures right-aligned, as in a spreadsheet.
  const line = (row: string[]) => `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}`.trimEnd();
  return [line(cells[0]!), ...cells.slice(1).map(line)];
}

function pct(value: number | null): string {
  return value === null ? '-' : value.toFixed(1);
}

function num(value: number | null): string {
  return value === null ? '-' : String(value);
}
