/**
 * Reports over the ticket archive: KPI formulas (pure, see the README's "Reports"), and the
 * report query that has the archive count them in SQL. The CLI and the web dashboard both call
 * `runReport`.
 */
import type { ArchiveStore } from '../archive/types';
import { groupKey, reportFromTallies } from './kpis';
import { talliesOf } from './tallies';
import type { ReportTallies } from './tallies';
import type { GroupBy, Report, ReportOptions } from './kpis';
import type { Backlog } from './backlog';

export { computeReport, figures, firstContactResolution, GROUP_BY, groupKey, reportFromTallies } from './kpis';
export { talliesOf } from './tallies';
export type { FigureTally, HotSpotTally, ReportTallies, TimeTally } from './tallies';
export type { Figures, GroupBy, HotSpot, Report, ReportOptions, SlaFigure, TimeFigures } from './kpis';
export { ticketFacts, clockName } from './ticket-facts';
export type { ClockFact, TicketFacts } from './ticket-facts';
export { ageBucket, AGE_BUCKETS, backlogOf } from './backlog';
export type { AgeBucket, Backlog, OpenTicket } from './backlog';
export { formatReportText } from './format-text';
export { formatReportCsv } from './format-csv';
export { percentile } from './percentile';

/** What a report covers. */
export interface ReportQuery {
  /** ISO instant, inclusive. */
  from: string;
  /** ISO instant, exclusive. */
  to: string;
  flow?: string;
  groupBy?: GroupBy;
  /** Open tickets opened in the window, from visibility, added to the archived ones opened in it. */
  openNowOpenedInWindow?: number;
  backlog?: Backlog;
}

/** What `runReport` reads: an archive store, or anything that hands out facts (then the KPIs are computed in memory). */
export type ReportSource = Pick<ArchiveStore, 'facts' | 'countOpened'> & Partial<Pick<ArchiveStore, 'reportTallies'>>;

/**
 * The report query: every KPI over the tickets closed in the window. An archive store counts
 * them in SQL (`reportTallies`); a source with only `facts` gets them computed from its facts in
 * memory. Both give the same figures, by the same formulas (`reportFromTallies`).
 */
export async function runReport(archive: ReportSource, query: ReportQuery): Promise<Report> {
  const window = { from: query.from, to: query.to, ...(query.flow ? { flow: query.flow } : {}) };
  const options: ReportOptions = {
    from: query.from,
    to: query.to,
    ...(query.flow ? { flow: query.flow } : {}),
    ...(query.groupBy ? { groupBy: query.groupBy } : {}),
    ...(query.backlog ? { backlog: query.backlog } : {}),
  };
  const inMemory = async (): Promise<ReportTallies> =>
    talliesOf(await archive.facts(window), { from: Date.parse(query.from), to: Date.parse(query.to) }, query.groupBy ? groupKey(query.groupBy) : undefined);
  const [tallies, openedArchived] = await Promise.all([archive.reportTallies ? archive.reportTallies(window, query.groupBy) : inMemory(), archive.countOpened(window)]);
  return reportFromTallies(tallies, { ...options, opened: openedArchived + (query.openNowOpenedInWindow ?? 0) });
}
