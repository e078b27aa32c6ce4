import type { TimelineEntry } from '../src/ticket/types';
import type { ReceivedMail } from './mail-recorder';
import type { RequestRecord } from './patient-client';
import type { TicketScript } from './ticket-script';

/** One ticket as the run left it: what the client meant to do and what the ticket recorded. */
export interface TicketOutcome {
  number: string;
  customerEmail: string;
  script: TicketScript;
  /** The ticket's own timeline, read after the run (undefined when it could not be read). */
  timeline?: TimelineEntry[];
  /** `final` when the ticket reached a final state (from a query, else from the completed workflow's result). */
  kind?: string;
  /** Why the timeline could not be read (a query failed, e.g. the history no longer replays); its events and mails are then not judged. */
  unreadable?: string;
  /** The agent gave up waiting for an owner and worked the ticket without one. */
  workedWithoutOwner?: boolean;
  /** The workflow has completed (its last mails out, its record archived). */
  closed: boolean;
}

/** The figures the run prints, judged from the tickets' timelines and the SMTP server's mails. */
export interface ChaosFigures {
  tickets: number;
  ticketsFinal: number;
  ticketsStuck: number;
  /** Final, but the workflow still runs (mails or archive outstanding) at the end of the settle time. */
  ticketsStillRunning: number;
  eventsSent: number;
  eventsAppliedOnce: number;
  eventsDoubled: number;
  eventsLost: number;
  /** Events the client saw refused (the ticket said no); each also shows up as lost or doubled. */
  eventsRefused: number;
  /** Confirmed answers that said an earlier try had applied the request: retries that were deduplicated. */
  retriesAlreadyApplied: number;
  clientRetries: number;
  mailsExpected: number;
  mailsReceived: number;
  mailsDuplicated: number;
  mailsLost: number;
  /** Tickets that got an owner after they were resolved. */
  ownersAfterResolution: number;
  /** Tickets that never had an owner. */
  ticketsNeverAssigned: number;
  /** Of those, tickets the agent worked without waiting any longer for their owner (the pick was late, not lost). */
  ticketsWorkedWithoutOwner: number;
  /** Tickets whose timeline could not be read after the run (left out of the event and mail figures). */
  timelinesUnreadable: number;
  /** Longest time a customer mail took from its timeline entry to the SMTP server. */
  maxMailDelaySeconds: number;
  /** Longest time from the SMTP server's return to a mail held back by the outage. */
  maxMailDelayAfterSmtpBackSeconds: number;
  /** Slowest event the client sent, first try to confirmed answer (retries included). */
  maxEventLatencySeconds: number;
  p99EventLatencySeconds: number;
}

function count<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

function p99(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!;
}

/**
 * Judges a run. Events: a scripted event type is applied once when the ticket's timeline has
 * exactly one transition by it, doubled when more, lost when none (the scripts use each type
 * once). Mails: every template a timeline entry says the customer was sent is one expected mail;
 * received and duplicated count distinct Message-IDs on the SMTP server (all recipients), lost
 * the expected customer mails with no matching Message-ID received. A mail is matched to its
 * entry by ticket and kind, in order, for its delay. A ticket whose timeline cannot be read counts
 * as final or stuck by its workflow's result, and is left out of the rest (counted apart).
 */
export function judgeChaosRun(outcomes: readonly TicketOutcome[], mails: readonly ReceivedMail[], requests: readonly RequestRecord[], smtpBackAt: number | undefined): ChaosFigures {
  const figures: ChaosFigures = {
    tickets: outcomes.length,
    ticketsFinal: 0,
    ticketsStuck: 0,
    ticketsStillRunning: 0,
    eventsSent: 0,
    eventsAppliedOnce: 0,
    eventsDoubled: 0,
    eventsLost: 0,
    eventsRefused: requests.filter((request) => request.what !== 'open' && request.refused).length,
    retriesAlreadyApplied: requests.filter((request) => request.alreadyApplied).length,
    clientRetries: requests.reduce((sum, request) => sum + request.tries - 1, 0),
    mailsExpected: 0,
    mailsReceived: new Set(mails.map((mail) => mail.messageId)).size,
    mailsDuplicated: mails.length - new Set(mails.map((mail) => mail.messageId)).size,
    mailsLost: 0,
    ownersAfterResolution: 0,
    ticketsNeverAssigned: 0,
    ticketsWorkedWithoutOwner: 0,
    timelinesUnreadable: 0,
    maxMailDelaySeconds: 0,
    maxMailDelayAfterSmtpBackSeconds: 0,
    maxEventLatencySeconds: 0,
    p99EventLatencySeconds: 0,
  };
  const byTicket = new Map<string, ReceivedMail[]>();
  const seen = new Set<string>();
  for (const mail of mails) {
    // The first arrival of each Message-ID is the delivery; later ones are the duplicates counted above.
    if (seen.has(mail.messageId)) continue;
    seen.add(mail.messageId);
    byTicket.set(mail.ticket, [...(byTicket.get(mail.ticket) ?? []), mail]);
  }
  for (const outcome of outcomes) {
    if (outcome.kind === 'final') figures.ticketsFinal += 1;
    else figures.ticketsStuck += 1;
    if (outcome.kind === 'final' && !outcome.closed) figures.ticketsStillRunning += 1;
    if (!outcome.timeline) {
      figures.timelinesUnreadable += 1;
      continue;
    }
    const timeline = outcome.timeline;
    const transitions = count(
      timeline.filter((entry) => entry.kind === 'transition'),
      (entry) => entry.event,
    );
    for (const [type, expected] of count(outcome.script.events, (event) => event.type)) {
      const actual = transitions.get(type) ?? 0;
      figures.eventsSent += expected;
      figures.eventsAppliedOnce += Math.min(actual, expected);
      figures.eventsDoubled += Math.max(0, actual - expected);
      figures.eventsLost += Math.max(0, expected - actual);
    }
    const resolvedAt = timeline.find((entry) => entry.kind === 'transition' && entry.to === outcome.script.states.at(-1))?.at;
    const assignments = timeline.filter((entry) => entry.kind === 'assigned');
    if (assignments.length === 0) figures.ticketsNeverAssigned += 1;
    if (assignments.length === 0 && outcome.workedWithoutOwner) figures.ticketsWorkedWithoutOwner += 1;
    if (resolvedAt && assignments.some((entry) => entry.at > resolvedAt)) figures.ownersAfterResolution += 1;
    const received = (byTicket.get(outcome.number) ?? []).filter((mail) => mail.to.some((to) => to.toLowerCase() === outcome.customerEmail.toLowerCase()));
    const unmatched = [...received].sort((a, b) => a.receivedAt - b.receivedAt);
    for (const entry of timeline) {
      for (const kind of entry.customerMessages ?? []) {
        figures.mailsExpected += 1;
        const index = unmatched.findIndex((mail) => mail.kind === kind);
        if (index < 0) {
          figures.mailsLost += 1;
          continue;
        }
        const [mail] = unmatched.splice(index, 1);
        const due = Date.parse(entry.at);
        figures.maxMailDelaySeconds = Math.max(figures.maxMailDelaySeconds, (mail!.receivedAt - due) / 1000);
        if (smtpBackAt !== undefined && due < smtpBackAt && mail!.receivedAt >= smtpBackAt) {
          figures.maxMailDelayAfterSmtpBackSeconds = Math.max(figures.maxMailDelayAfterSmtpBackSeconds, (mail!.receivedAt - smtpBackAt) / 1000);
        }
      }
    }
  }
  const latencies = requests.filter((request) => request.what !== 'open' && !request.refused).map((request) => request.latencyMs / 1000);
  figures.maxEventLatencySeconds = latencies.length ? Math.max(...latencies) : 0;
  figures.p99EventLatencySeconds = p99(latencies);
  return figures;
}
