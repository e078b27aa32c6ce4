import type { ServerResponse } from 'node:http';
import type { AgentAbsence as Absence } from '../../assignment/types';
import { changedSinceQuery } from '../../client/ticket-client';
import type { TicketListRow } from '../../client/ticket-client';
import { quoteValue } from '../../client/visibility-query';
import { ticketSearchAttributes } from '../../ticket/search-attributes';
import type { TicketStatus, TimelineEntry } from '../../ticket/types';
import { withPatience } from '../patience';
import type { WebDeps } from '../web-deps';
import { portalFingerprint, portalTopic, portalTopicTicket } from './portal-topic';
import { TicketIndex } from './ticket-index';

/** What the shared poller last read from visibility. */
export interface VisibilitySnapshot {
  open: TicketListRow[];
  /** Tickets closed since the start of today (UTC day of `at`). */
  closedToday: TicketListRow[];
  absences: Absence[];
  /** Per tier, tickets the directory holds until someone can take them. */
  queued: Record<string, number>;
  /** When it was read (ms). */
  at: number;
  /** Why the last read failed, while Temporal is unreachable. */
  error?: string;
}

/** One ticket as its page shows it. */
export interface TicketView {
  status: TicketStatus;
  timeline: TimelineEntry[];
  at: number;
}

/** Most tickets one full load reads; the index holds no more. */
export const MAX_POLLED_TICKETS = 100_000;

/** How far each delta query reaches back before the previous poll began: more than visibility's lag. */
export const DELTA_OVERLAP_MS = 30_000;
/** How often a count of running tickets checks the index (two misses in a row reload it). */
export const DRIFT_CHECK_MS = 10_000;
/** How often the index is reloaded in full anyway. */
export const RESYNC_MS = 5 * 60_000;

/** What one read of visibility cost, for the bench and tests. */
export interface PollCost {
  kind: 'full' | 'delta';
  ms: number;
  /** Visibility calls (list pages and counts). */
  calls: number;
  rows: number;
}

/** The SDK asks for at most this many rows per list call. */
const PAGE_ROWS = 1000;
const listCalls = (rows: number): number => Math.max(1, Math.ceil(rows / PAGE_ROWS));

/**
 * The one poller of a web server and its Server-Sent-Events viewers.
 *
 * Visibility is rate limited (a cluster allows ~10 calls/s per namespace), stale by seconds and
 * cannot group or sort, and listing every open ticket each second costs seconds at thousands of
 * tickets. So the poller keeps an index of the tickets in memory (ticket-index.ts): one full,
 * paged load at start; then each poll asks only for the tickets whose `SopChangedAt` (stamped
 * by the workflow with every attribute change) or close time is later than the previous poll's
 * start minus an overlap larger than visibility's lag: one call whatever the number of open
 * tickets. Tickets started before the stamp existed are covered by the full load; a periodic
 * count of running tickets that disagrees with the index twice in a row, and a reload every few
 * minutes, catch whatever a delta could miss (a ticket changed by an old worker, a lost row).
 * Pages count, filter, sort and page in memory. Each viewer's page is told that its part
 * changed and fetches its fragment, rendered from the index (no Temporal call per viewer).
 * Tickets that someone is looking at are read by query, once per interval for all their
 * viewers. A change this server made itself is patched into the index and pushed at once.
 *
 * Why a stamp and a delta rather than the alternatives: a signal from every ticket to every
 * web server would tie workflows to the web processes (several serve processes, each started
 * and stopped on its own) and add history events; polling with a smaller page only hides the
 * cost; sorting by a changed-at in visibility is not possible on SQL visibility (no ORDER BY).
 * A `SopChangedAt >= t` filter works on every visibility store, costs one call, and the stamp
 * rides on upserts the ticket makes anyway.
 */
export class LiveHub {
  private readonly viewers = new Map<string, Set<ServerResponse>>();
  private readonly index = new TicketIndex();
  private loaded = false;
  /** When the last successful read began (ms): the next delta reaches back from there. */
  private readFrom = 0;
  private lastLoad = 0;
  private lastDriftCheck = 0;
  private driftMisses = 0;
  /** The cluster has no `SopChangedAt` yet (README): every poll is a full load, as before it. */
  private deltaUnsupported = false;
  private directoryView: { absences: Absence[]; queued: Record<string, number> } = { absences: [], queued: {} };
  private snapshot: VisibilitySnapshot | undefined;
  private reading: Promise<VisibilitySnapshot> | undefined;
  private readonly ticketViews = new Map<string, TicketView & { started: number }>();
  private reads = 0;
  private readonly fingerprints = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly pollMs: number;
  private readonly now: () => number;
  private readonly overlapMs: number;
  private readonly driftCheckMs: number;
  private readonly resyncMs: number;
  /** Polls done, for the bench and tests. */
  polls = 0;
  /** Full loads done (the first, re-syncs), for the bench and tests. */
  fullLoads = 0;
  /** Visibility calls made so far. */
  visibilityCalls = 0;
  /** What the last read cost (the full load at start, then deltas). */
  lastRead: PollCost | undefined;
  /** What the last full load cost (at start or a re-sync). */
  lastFullLoad: PollCost | undefined;
  private resync: Promise<void> | undefined;

  constructor(private readonly deps: WebDeps) {
    this.pollMs = deps.pollMs ?? 1000;
    this.now = deps.now ?? Date.now;
    this.overlapMs = deps.live?.overlapMs ?? DELTA_OVERLAP_MS;
    this.driftCheckMs = deps.live?.driftCheckMs ?? DRIFT_CHECK_MS;
    this.resyncMs = deps.live?.resyncMs ?? RESYNC_MS;
  }

  /** Open and closed-today tickets, at most one poll interval old. */
  async visibility(): Promise<VisibilitySnapshot> {
    if (this.snapshot && this.now() - this.snapshot.at < this.pollMs && !this.snapshot.error) return this.snapshot;
    return this.readPatiently();
  }

  /** A ticket's status and timeline, shared by every viewer of it for one poll interval. */
  async ticket(number: string, fresh = false): Promise<TicketView> {
    const cached = this.ticketViews.get(number);
    if (!fresh && cached && this.now() - cached.at < this.pollMs) return cached;
    const started = ++this.reads;
    const [status, timeline] = await withPatience(Promise.all([this.deps.tickets.status(number), this.deps.tickets.timeline(number)]));
    const view = { status, timeline, at: this.now(), started };
    // Reads overlap (the poll, an action's refresh): one that started earlier never replaces one that started later.
    const latest = this.ticketViews.get(number);
    if (latest && latest.started > started) return latest;
    this.ticketViews.set(number, view);
    return view;
  }

  /** This server changed a ticket: its viewers and the lists hear of it now, not at the next poll. */
  async changed(number: string): Promise<void> {
    try {
      const { status } = await this.ticket(number, true);
      // Visibility shows the change a moment later; the lists show it now.
      this.index.patch(number, { state: status.state, tier: status.tier, priority: status.priority, assignee: status.assignee, slaStatus: status.slaStatus, dueAt: status.dueAt });
    } catch {
      // The next poll reads it again.
    }
    this.publish(`ticket:${number}`);
    // Portal viewers only when something they may see changed (not for an internal note).
    const portal = portalTopic(number);
    const view = this.ticketViews.get(number);
    if (view && this.viewers.has(portal) && this.fingerprints.get(portal) !== portalFingerprint(view)) {
      this.fingerprints.set(portal, portalFingerprint(view));
      this.publish(portal);
    }
    this.snapshot = undefined;
    await this.poll();
  }

  /**
   * Streams `changed` events of a topic (`dashboard`, `queue`, `ticket:<number>`, `flow:<id>`)
   * to one viewer until it disconnects.
   */
  subscribe(topic: string, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-accel-buffering': 'no',
    });
    response.write('retry: 2000\n\n');
    let set = this.viewers.get(topic);
    if (!set) this.viewers.set(topic, (set = new Set()));
    set.add(response);
    response.on('close', () => {
      set.delete(response);
      if (set.size === 0) this.viewers.delete(topic);
    });
    this.start();
  }

  /** Connected viewers (all topics). */
  viewerCount(): number {
    let count = 0;
    for (const set of this.viewers.values()) count += set.size;
    return count;
  }

  /** Stops polling and ends every stream. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    for (const set of this.viewers.values()) for (const response of set) response.end();
    this.viewers.clear();
  }

  private start(): void {
    if (this.timer || this.closed) return;
    const loop = async (): Promise<void> => {
      await this.poll();
      if (this.closed || this.viewers.size === 0) {
        this.timer = undefined;
        return;
      }
      this.timer = setTimeout(() => void loop(), this.pollMs);
    };
    this.timer = setTimeout(() => void loop(), 0);
    // Proxies close idle streams; a comment line every 15 s keeps them open.
    this.heartbeat ??= setInterval(() => {
      for (const set of this.viewers.values()) for (const response of set) response.write(': keep-alive\n\n');
    }, 15_000);
    this.heartbeat.unref();
  }

  private async poll(): Promise<void> {
    this.polls += 1;
    const snapshot = await this.readPatiently();
    const lists = snapshot.error ? `error:${snapshot.error}` : JSON.stringify([this.index.version, snapshot.closedToday.length, snapshot.absences, snapshot.queued]);
    if (this.fingerprints.get('lists') !== lists) {
      this.fingerprints.set('lists', lists);
      for (const topic of this.viewers.keys()) if (!topic.startsWith('ticket:') && portalTopicTicket(topic) === undefined) this.publish(topic);
    }
    for (const topic of [...this.viewers.keys()].filter((name) => name.startsWith('ticket:') || portalTopicTicket(name) !== undefined)) {
      const portal = portalTopicTicket(topic);
      const number = portal ?? topic.slice('ticket:'.length);
      let fingerprint: string;
      try {
        const view = await this.ticket(number, true);
        fingerprint = portal ? portalFingerprint(view) : JSON.stringify([view.status, view.timeline.length]);
      } catch (error) {
        fingerprint = `error:${(error as Error).message}`;
      }
      this.publishIfChanged(topic, fingerprint);
    }
  }

  /** Publishes a topic when its fingerprint moved (not the first time it is seen: the viewer has that view). */
  private publishIfChanged(topic: string, fingerprint: string): void {
    if (this.fingerprints.get(topic) === fingerprint) return;
    const first = !this.fingerprints.has(topic);
    this.fingerprints.set(topic, fingerprint);
    if (!first) this.publish(topic);
  }

  /** A read, or the last picture marked with the error when Temporal does not answer within a page's patience (the read goes on). */
  private async readPatiently(): Promise<VisibilitySnapshot> {
    try {
      return await withPatience(this.read());
    } catch (error) {
      return (this.snapshot = this.picture(this.now(), (error as Error).message));
    }
  }

  /**
   * The first read is the full load (nothing can be shown without it); every later one is a
   * delta, and a re-sync runs beside the deltas, so changes keep arriving while it pages
   * through every open ticket (seconds at 10,000). The index orders their rows.
   */
  private read(): Promise<VisibilitySnapshot> {
    this.reading ??= (async () => {
      const at = this.now();
      try {
        const directory = this.deps.directory.view().catch(() => ({ absences: [] as Absence[], queued: {} }));
        let cost: Omit<PollCost, 'ms'>;
        if (!this.loaded || this.deltaUnsupported) cost = await this.loadAll(at);
        else {
          if (at - this.lastLoad >= this.resyncMs) this.resyncBeside(at);
          cost = await this.readDelta(at);
        }
        this.directoryView = await directory;
        this.readFrom = at;
        // Closed tickets are kept for today's figures and as long as a late row of them may come.
        this.index.forgetClosedBefore(new Date(Math.min(startOfDay(at), at - 2 * this.overlapMs)).toISOString());
        this.lastRead = { ...cost, ms: this.now() - at };
        this.snapshot = this.picture(at);
      } catch (error) {
        this.snapshot = this.picture(at, (error as Error).message);
      }
      return this.snapshot;
    })().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  /** Waits for the read under way (the full load at start, however long) and any re-sync: for the bench and tests. */
  async settled(): Promise<VisibilitySnapshot> {
    const snapshot = await this.read();
    await this.resync;
    return this.snapshot ?? snapshot;
  }

  /**
   * Starts the full load now, when the server starts listening, rather than on the first page
   * anyone asks for: with 10,000 open tickets it takes seconds (longer than a page's patience on a
   * busy dev server), and an agent who opens the queue right after a restart then finds it loaded.
   * A failed load is tried again by the first page, as without it.
   */
  warmUp(): void {
    if (this.loaded || this.closed) return;
    void this.read();
  }

  /** Asks for a full load at the next poll, beside its delta (an operator's or the bench's re-sync). */
  requestResync(): void {
    this.lastLoad = 0;
  }

  /** Starts a full load beside the deltas, unless one is running; a failed one is tried again at the next poll. */
  private resyncBeside(at: number): void {
    if (this.resync) return;
    this.lastLoad = at;
    this.resync = this.loadAll(at)
      .then(() => undefined)
      .catch(() => {
        this.lastLoad = 0;
      })
      .finally(() => {
        this.resync = undefined;
      });
  }

  /** Every running ticket and today's closed ones, paged. */
  private async loadAll(at: number): Promise<Omit<PollCost, 'ms'>> {
    const [running, closed] = await Promise.all([
      this.deps.tickets.list(`ExecutionStatus = 'Running'`, MAX_POLLED_TICKETS),
      this.deps.tickets.list(`ExecutionStatus = 'Completed' AND CloseTime >= ${quoteValue(new Date(startOfDay(at)).toISOString())}`, MAX_POLLED_TICKETS),
    ]);
    this.index.load(running, closed, at, this.overlapMs);
    this.loaded = true;
    this.lastLoad = at;
    this.lastDriftCheck = this.now();
    this.driftMisses = 0;
    this.fullLoads += 1;
    const calls = listCalls(running.length) + listCalls(closed.length);
    this.visibilityCalls += calls;
    const cost = { kind: 'full' as const, calls, rows: running.length + closed.length };
    this.lastFullLoad = { ...cost, ms: this.now() - at };
    return cost;
  }

  /**
   * The tickets changed or closed since the previous read began (minus the overlap): one call.
   * Now and then a count of running tickets first: when the index disagrees with it twice in a
   * row (once can be a ticket that opened between the two calls), a re-sync starts.
   */
  private async readDelta(at: number): Promise<Omit<PollCost, 'ms'>> {
    const checking = !this.resync && at - this.lastDriftCheck >= this.driftCheckMs;
    let calls = 0;
    let running: number | undefined;
    if (checking) {
      this.lastDriftCheck = at;
      running = await this.deps.tickets.count(`ExecutionStatus = 'Running'`);
      calls += 1;
    }
    let rows: TicketListRow[];
    try {
      rows = await this.deps.tickets.list(changedSinceQuery(new Date(this.readFrom - this.overlapMs)), MAX_POLLED_TICKETS);
    } catch (error) {
      if (!/SopChangedAt/.test((error as Error).message)) throw error;
      this.deltaUnsupported = true;
      console.warn(`sopflow web: visibility has no search attribute ${ticketSearchAttributes.changedAt.name} (see README): every poll reads every open ticket`);
      return this.loadAll(at);
    }
    calls += listCalls(rows.length);
    this.visibilityCalls += calls;
    this.index.apply(rows);
    if (running !== undefined && !this.resync) {
      this.driftMisses = running === this.index.openCount ? 0 : this.driftMisses + 1;
      if (this.driftMisses >= 2) this.resyncBeside(at);
    }
    return { kind: 'delta', calls, rows: rows.length };
  }

  /** The index as pages see it. */
  private picture(at: number, error?: string): VisibilitySnapshot {
    return {
      open: this.index.openRows(),
      closedToday: this.index.closedSince(new Date(startOfDay(at)).toISOString()),
      absences: this.directoryView.absences,
      queued: this.directoryView.queued,
      at,
      ...(error ? { error } : {}),
    };
  }

  private publish(topic: string): void {
    const set = this.viewers.get(topic);
    if (!set) return;
    const message = `event: changed\ndata: ${this.now()}\n\n`;
    for (const response of set) response.write(message);
  }
}

/** The start of the UTC day of `at` (ms). */
function startOfDay(at: number): number {
  const day = new Date(at);
  day.setUTCHours(0, 0, 0, 0);
  return day.getTime();
}
