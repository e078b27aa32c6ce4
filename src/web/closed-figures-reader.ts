import { DateTime } from 'luxon';
import type { StateStayMinutes } from '../archive/types';
import { runReport } from '../report';
import type { Report } from '../report';
import type { WebArchivePort } from './web-deps';

/** Weeks of closed tickets the dashboard and the flow page show. */
export const FIGURE_WEEKS = 12;
/**
 * How long one reading of the archive serves every viewer (ms). Weekly figures do not move by
 * the second, and a reading over 100,000 tickets takes seconds: pages refresh live, the archive
 * is read at most this often per flow.
 */
export const FIGURE_TTL_MS = 30_000;

/** The archive's figures of a window, or why there are none. */
export type ClosedFigures = { report: Report; stays: StateStayMinutes[] } | { error: string };

interface Reading {
  at: number;
  figures: Promise<ClosedFigures>;
  /** Set once the reading is done. */
  done?: ClosedFigures;
  refreshing?: boolean;
}

/**
 * Reads the report (`runReport`, grouped by week, as `sopflow report --group-by week`) and the
 * stays of the last FIGURE_WEEKS ISO weeks, for all flows or one. One reading per flow serves
 * every viewer for FIGURE_TTL_MS, and concurrent viewers share one that is under way; an older
 * reading is served while the next one runs, so no page waits for the archive but the first.
 * A reading that failed is not served again: the next view reads anew and waits for it.
 */
export class ClosedFiguresReader {
  private readonly cache = new Map<string, Reading>();

  constructor(
    private readonly archive: WebArchivePort,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = FIGURE_TTL_MS,
  ) {}

  read(flow?: string): Promise<ClosedFigures> {
    const key = flow ?? '';
    const cached = this.cache.get(key);
    if (!cached || (cached.done && 'error' in cached.done)) return this.start(key, flow).figures;
    if (cached.done && !cached.refreshing && this.now() - cached.at >= this.ttlMs) {
      cached.refreshing = true;
      void this.start(key, flow, cached).figures;
    }
    return cached.figures;
  }

  /** Starts a reading; it replaces `previous` (served meanwhile) once done, or at once when there is none. */
  private start(key: string, flow: string | undefined, previous?: Reading): Reading {
    const reading: Reading = { at: this.now(), figures: this.load(flow) };
    void reading.figures.then((figures) => {
      reading.done = figures;
      if (previous) this.cache.set(key, reading);
    });
    if (!previous) this.cache.set(key, reading);
    return reading;
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
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }
}
