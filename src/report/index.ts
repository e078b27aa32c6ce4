/**
 * Reports over the ticket archive: KPI formulas (pure, see the README's "Reports"), and the
 * report query that reads an archive's facts and computes them. The CLI and the web dashboard
 * both call `runReport`.
 */
import type { ArchiveStore } from '../archive/types';
import { computeReport } from './kpis';
import type { GroupBy, Report } from './kpis';
import type { Backlog } from './backlog';

export { computeReport, figures, firstContactResolution, GROUP_BY } from './kpis';
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

/** The report query: the facts of the tickets closed in the window, and every KPI over them. */
export async function runReport(archive: Pick<ArchiveStore, 'facts' | 'countOpened'>, query: ReportQuery): Promise<Report> {
  const window = { from: query.from, to: query.to, ...(query.flow ? { flow: query.flow } : {}) };
  const [facts, openedArchived] = await Promise.all([archive.facts(window), archive.countOpened(window)]);
  return computeReport(facts, {
    from: query.from,
    to: query.to,
    ...(query.flow ? { flow: query.flow } : {}),
    ...(query.groupBy ? { groupBy: query.groupBy } : {}),
    opened: openedArchived + (query.openNowOpenedInWindow ?? 0),
    ...(query.backlog ? { backlog: query.backlog } : {}),
  });
}
