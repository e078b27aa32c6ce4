import type { TicketListRow } from '../../client/ticket-client';
import { byDueDate } from '../views/ticket-table';

/**
 * The web server's picture of the tickets, kept in memory from visibility rows: every open
 * ticket, and the closed ones (for "closed today", and so that a late row of a ticket that has
 * since closed cannot bring it back). Pure: the poller feeds it rows, pages read its lists.
 *
 * Rows arrive out of order (a full load and a delta overlap, visibility lags by seconds), so a
 * row replaces what is known of its ticket only when it is not older: a closed row beats a
 * running one (numbers are never reused), else the later `SopChangedAt` wins (a row without one
 * is older than any with one).
 */
export class TicketIndex {
  private readonly open = new Map<string, TicketListRow>();
  private readonly closed = new Map<string, TicketListRow>();
  /** Open tickets whose row this server patched from its own change: a row with the same stamp is the one from before it. */
  private readonly patched = new Set<string>();
  private sortedOpen: TicketListRow[] | undefined;
  private closedList: TicketListRow[] | undefined;
  /** Moves on whenever what a page could show changed (not for rows that repeat what is known). */
  version = 0;

  /** Open tickets by due date (computed once per version). */
  openRows(): TicketListRow[] {
    return (this.sortedOpen ??= byDueDate([...this.open.values()]));
  }

  /** Tickets completed since `dayStart` (ISO), as "closed today" counts them. */
  closedSince(dayStart: string): TicketListRow[] {
    this.closedList ??= [...this.closed.values()].filter((row) => row.status === 'COMPLETED');
    return this.closedList.filter((row) => (row.closeTime ?? '') >= dayStart);
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Takes in rows of a delta query (or any read); answers whether anything shown changed. */
  apply(rows: readonly TicketListRow[]): boolean {
    const before = this.version;
    for (const row of rows) this.take(row);
    return this.version !== before;
  }

  /**
   * Takes in a full load: every running ticket, and the tickets closed since `closedSince`, as
   * read by queries that began at `startedAt` (ms). An open ticket the load did not list closed or
   * vanished, unless it changed after `startedAt - overlapMs` (it may have opened during the load,
   * or visibility may not show it yet): the next load decides about those.
   */
  load(running: readonly TicketListRow[], closed: readonly TicketListRow[], startedAt: number, overlapMs: number): boolean {
    const before = this.version;
    const listed = new Set(running.map((row) => row.number));
    for (const row of [...running, ...closed]) this.take(row);
    const recent = startedAt - overlapMs;
    for (const [number, row] of this.open) {
      if (listed.has(number) || changedMs(row) >= recent) continue;
      this.open.delete(number);
      this.patched.delete(number);
      this.touch();
    }
    return this.version !== before;
  }

  /**
   * Replaces what is known of an open ticket with what this server just read from it (its own
   * change, pushed before visibility shows it), keeping its `changedAt`: the visibility row of
   * that change, which carries a later or equal stamp, replaces it again.
   */
  patch(number: string, fields: { [K in PatchedField]: TicketListRow[K] | undefined }): boolean {
    const row = this.open.get(number);
    if (!row) return false;
    const next: TicketListRow = { ...row };
    for (const key of PATCHED_FIELDS) {
      const value = fields[key];
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    this.patched.add(number);
    return this.put(this.open, next);
  }

  /** Forgets closed tickets that closed before `before` (ISO): they are neither today's nor can a late row of them still come. */
  forgetClosedBefore(before: string): void {
    for (const [number, row] of this.closed) {
      if ((row.closeTime ?? '') >= before) continue;
      this.closed.delete(number);
      this.closedList = undefined;
    }
  }

  private take(row: TicketListRow): void {
    // A continued-as-new run closed only to go on in a new run with the same number.
    if (row.status === 'CONTINUED_AS_NEW') return;
    const running = row.status === 'RUNNING';
    if (running) {
      if (this.closed.has(row.number)) return;
      const known = this.open.get(row.number);
      if (known && (changedMs(known) > changedMs(row) || (this.patched.has(row.number) && changedMs(known) === changedMs(row)))) return;
      this.patched.delete(row.number);
      this.put(this.open, row);
      return;
    }
    this.patched.delete(row.number);
    if (this.open.delete(row.number)) this.touch();
    const known = this.closed.get(row.number);
    if (known && changedMs(known) > changedMs(row)) return;
    if (this.put(this.closed, row)) this.closedList = undefined;
  }

  private put(map: Map<string, TicketListRow>, row: TicketListRow): boolean {
    const known = map.get(row.number);
    if (known && sameRow(known, row)) return false;
    map.set(row.number, row);
    this.touch();
    return true;
  }

  private touch(): void {
    this.version += 1;
    this.sortedOpen = undefined;
    this.closedList = undefined;
  }
}

/** What this server's own change may update in its row before visibility shows it. */
const PATCHED_FIELDS = ['state', 'tier', 'priority', 'assignee', 'slaStatus', 'dueAt'] as const;
type PatchedField = (typeof PATCHED_FIELDS)[number];

function changedMs(row: TicketListRow): number {
  return row.changedAt ? Date.parse(row.changedAt) : Number.NEGATIVE_INFINITY;
}

const FIELDS = ['status', 'flow', 'state', 'tier', 'priority', 'assignee', 'customer', 'slaStatus', 'dueAt', 'startTime', 'closeTime', 'changedAt'] as const;

function sameRow(a: TicketListRow, b: TicketListRow): boolean {
  return FIELDS.every((field) => a[field] === b[field]);
}
