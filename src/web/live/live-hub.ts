import type { ServerResponse } from 'node:http';
import type { AgentAbsence as Absence } from '../../assignment/types';
import type { TicketListRow } from '../../client/ticket-client';
import type { TicketStatus, TimelineEntry } from '../../ticket/types';
import { withPatience } from '../patience';
import type { WebDeps } from '../web-deps';
import { portalFingerprint, portalTopic, portalTopicTicket } from './portal-topic';

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

/** Most open tickets one poll reads; the dashboard says so when there are more. */
export const MAX_POLLED_TICKETS = 20_000;

/**
 * The one poller of a web server and its Server-Sent-Events viewers. Visibility is rate
 * limited, stale by seconds and cannot group or sort, so one loop reads every open ticket
 * once per interval, counts and sorts in memory, and tells each viewer's page that its part
 * changed; the page then fetches its fragment, rendered from this snapshot (no Temporal call
 * per viewer). Tickets that someone is looking at are read by query, once per interval for all
 * their viewers. A change this server made itself is pushed at once.
 */
export class LiveHub {
  private readonly viewers = new Map<string, Set<ServerResponse>>();
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
  /** Polls done, for the bench and tests. */
  polls = 0;

  constructor(private readonly deps: WebDeps) {
    this.pollMs = deps.pollMs ?? 1000;
    this.now = deps.now ?? Date.now;
  }

  /** Open and closed-today tickets, at most one poll interval old. */
  async visibility(): Promise<VisibilitySnapshot> {
    if (this.snapshot && this.now() - this.snapshot.at < this.pollMs && !this.snapshot.error) return this.snapshot;
    return this.read();
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
      await this.ticket(number, true);
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
    const snapshot = await this.read();
    const lists = snapshot.error ? `error:${snapshot.error}` : JSON.stringify([snapshot.open, snapshot.closedToday.length, snapshot.absences, snapshot.queued]);
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

  private read(): Promise<VisibilitySnapshot> {
    this.reading ??= (async () => {
      const at = this.now();
      const today = new Date(at);
      today.setUTCHours(0, 0, 0, 0);
      try {
        const [open, closedToday, directory] = await withPatience(Promise.all([
          this.deps.tickets.list(`ExecutionStatus = 'Running'`, MAX_POLLED_TICKETS),
          this.deps.tickets.list(`ExecutionStatus = 'Completed' AND CloseTime >= '${today.toISOString()}'`, MAX_POLLED_TICKETS),
          this.deps.directory.view().catch(() => ({ absences: [] as Absence[], queued: {} })),
        ]));
        this.snapshot = { open, closedToday, absences: directory.absences, queued: directory.queued, at };
      } catch (error) {
        this.snapshot = { open: this.snapshot?.open ?? [], closedToday: this.snapshot?.closedToday ?? [], absences: this.snapshot?.absences ?? [], queued: this.snapshot?.queued ?? {}, at, error: (error as Error).message };
      }
      return this.snapshot;
    })().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private publish(topic: string): void {
    const set = this.viewers.get(topic);
    if (!set) return;
    const message = `event: changed\ndata: ${this.now()}\n\n`;
    for (const response of set) response.write(message);
  }
}
