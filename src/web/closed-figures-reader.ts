import { DateTime } from 'luxon';
import type { StateStayMinutes } from '../archive/types';
import { runReport } from '../report';
import type { Report } from '../report';
import type { WebArchivePort } from './web-deps';

/** Weeks of closed tickets the dashboard and the flow page show. */
export const FIGURE_WEEKS = 12;
/** How long one reading of the archive serves every viewer (ms): pages refresh live, the archive is read at most this often. */
export const FIGURE_TTL_MS = 10_000;

/** The archive's figures of a window, or why there are none. */
export type ClosedFigures = { report: Report; stays: StateStayMinutes[] } | { error: string };

/**
 * Reads the report (`runReport`, grouped by week, as `sopflow report --group-by week`) and the
 * stays of the last FIGURE_WEEKS ISO weeks, for all flows or one. One reading per flow serves
 * every viewer for FIGURE_TTL_MS, and concurrent viewers share one that is under way, so a
 * page that updates live for many viewers does not read the archive per viewer.
 */
export class ClosedFiguresReader {
  private readonly cache = new Map<string, { at: number; figures: Promise<ClosedFigures> }>();

  constructor(
    private readonly archive: WebArchivePort,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = FIGURE_TTL_MS,
  ) {}

  read(flow?: string): Promise<ClosedFigures> {
    const key = flow ?? '';
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.figures;
    const figures = this.load(flow);
    this.cache.set(key, { at: this.now(), figures });
    return figures;
  }

  private async load(flow: string | undefined): Promise<ClosedFigures> {
    const now = this.now();
    const from = DateTime.fromMillis(now, { zone: 'utc' }).startOf('week').minus({ weeks: FIGURE_WEEKS - 1 }).toISO()!;
    // `to` is exclusive: a ticket closed this millisecond counts.
    const to = new Date(now + 1).toISOString();
    const window = { from, to, ...(flow ? { flow } : {}) };
    try {
      const [report, stays] = await Promise.all([runReport(this.archive, { ...window, groupBy: 'week' }), this.archive.stayMinutes(window)]);
      return { report, stays };
    } catch (error) {
      // Read again at the next view, not after the TTL: the archive may be back.
      this.cache.delete(flow ?? '');
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }
}
