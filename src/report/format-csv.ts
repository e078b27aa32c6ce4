import type { Figures, Report, TimeFigures } from './kpis';
import { AGE_BUCKETS } from './backlog';

/**
 * The report as CSV (RFC 4180) in long form, one figure per line: `section,key,metric,value`, so
 * a spreadsheet can pivot it whatever the grouping. Written here rather than with a CSV library:
 * the only rule needed is quoting a field that holds a comma, a quote or a line break.
 */
export function formatReportCsv(report: Report): string {
  const rows: Array<Array<string | number | null>> = [['section', 'key', 'metric', 'value']];
  const add = (section: string, key: string, metric: string, value: string | number | null) => rows.push([section, key, metric, value]);
  add('window', '', 'from', report.from);
  add('window', '', 'to', report.to);
  if (report.flow) add('window', '', 'flow', report.flow);
  add('tickets', '', 'opened', report.tickets.opened);
  add('tickets', '', 'closed', report.tickets.closed);
  for (const row of report.sla) {
    add('sla', row.clock, 'met', row.met);
    add('sla', row.clock, 'breached', row.breached);
    add('sla', row.clock, 'metPct', row.metPct);
  }
  for (const row of report.untimedClocks) add('untimed', row.clock, 'tickets', row.tickets);
  addFigures(add, 'total', '', report);
  for (const row of report.timePerTier) {
    add('tier', row.tier, 'tickets', row.tickets);
    addTimes(add, 'tier', row.tier, row);
  }
  add('handover', 'L1toL2', 'tickets', report.handoverL1toL2.tickets);
  addTimes(add, 'handover', 'L1toL2', report.handoverL1toL2);
  for (const row of report.reassignmentRate) {
    add('reassignment', row.reason, 'tickets', row.tickets);
    add('reassignment', row.reason, 'reassignments', row.reassignments);
    add('reassignment', row.reason, 'pct', row.pct);
  }
  for (const row of report.hotSpots) {
    const key = `${row.flow}/${row.state}`;
    add('hotspot', key, 'clocks', row.clocks);
    add('hotspot', key, 'breached', row.breached);
    add('hotspot', key, 'breachedPct', row.breachedPct);
    add('hotspot', key, 'avgOverrunMin', row.avgOverrunMin);
    add('hotspot', key, 'maxOverrunMin', row.maxOverrunMin);
  }
  for (const row of report.versions) addFigures(add, 'version', `${row.flow} v${row.version}`, row);
  for (const row of report.groups) addFigures(add, `group:${report.groupBy}`, row.key, row);
  if (report.backlog) for (const row of report.backlog.byTier) for (const bucket of AGE_BUCKETS) add('backlog', row.tier, bucket, row[bucket]);
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

type Add = (section: string, key: string, metric: string, value: string | number | null) => void;

function addFigures(add: Add, section: string, key: string, row: Figures): void {
  add(section, key, 'closed', row.closed);
  add(section, key, 'slaMetPct', row.slaMetPct);
  add(section, key, 'firstContactResolutionPct', row.firstContactResolutionPct);
  add(section, key, 'sameDayPct', row.sameDayPct);
  addTimes(add, section, key, row.timeToResolve);
  add(section, key, 'escalationL1toL2Pct', row.escalationRate.L1toL2);
  add(section, key, 'escalationL2toL3Pct', row.escalationRate.L2toL3);
}

function addTimes(add: Add, section: string, key: string, row: TimeFigures): void {
  add(section, key, 'p50BusinessMin', row.p50BusinessMin);
  add(section, key, 'p90BusinessMin', row.p90BusinessMin);
  add(section, key, 'p50CalendarMin', row.p50CalendarMin);
  add(section, key, 'p90CalendarMin', row.p90CalendarMin);
}

function field(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
