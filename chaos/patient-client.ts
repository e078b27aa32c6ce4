import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { SopflowError } from '../src/errors/sopflow-error';
import type { OpenTicketRequest, TicketClient } from '../src/client/ticket-client';
import type { TicketEventInput, TicketStatus, TimelineEntry } from '../src/ticket/types';

/** What the client saw of one request: how many tries, how long until it was confirmed. */
export interface RequestRecord {
  ticket: string;
  what: string;
  tries: number;
  /** Milliseconds from the first try to the confirmed answer. */
  latencyMs: number;
  /** The confirmed answer said an earlier try had already applied it. */
  alreadyApplied: boolean;
  /** The ticket refused it (a real refusal, not a timeout): the message. */
  refused?: string;
}

/** Refusals that mean "the ticket said no": retrying the same request cannot change them. */
const FINAL_CODES = new Set(['EVENT_REFUSED', 'TICKET_CLOSED', 'BAD_ARGUMENT']);
/** How long the client keeps retrying one request before it records it as given up. */
const GIVE_UP_MS = 15 * 60_000;

/**
 * A client as real ones behave: it waits a few seconds for an answer (the ticket client's
 * update timeout, SOPFLOW_UPDATE_TIMEOUT_MS), then tries again with the same idempotency key,
 * through worker kills and server outages, until the ticket confirms or refuses.
 */
export class PatientClient {
  readonly records: RequestRecord[] = [];
  /** Errors by message, to show what the client was told while it retried. */
  readonly retryReasons = new Map<string, number>();

  constructor(private readonly tickets: TicketClient) {}

  private async retrying<T>(ticket: string, what: string, run: () => Promise<T>, applied: (answer: T) => boolean): Promise<T | undefined> {
    const began = performance.now();
    for (let tries = 1; ; tries++) {
      try {
        const answer = await run();
        this.records.push({ ticket, what, tries, latencyMs: performance.now() - began, alreadyApplied: applied(answer) });
        return answer;
      } catch (error) {
        const code = error instanceof SopflowError ? error.code : undefined;
        const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/SOP-[\w-]+/g, 'SOP-…').slice(0, 140) : String(error);
        if (code && FINAL_CODES.has(code)) {
          this.records.push({ ticket, what, tries, latencyMs: performance.now() - began, alreadyApplied: false, refused: message });
          return undefined;
        }
        this.retryReasons.set(message, (this.retryReasons.get(message) ?? 0) + 1);
        if (performance.now() - began > GIVE_UP_MS) {
          this.records.push({ ticket, what, tries, latencyMs: performance.now() - began, alreadyApplied: false, refused: `gave up: ${message}` });
          return undefined;
        }
        await sleep(Math.min(500 * tries, 3000));
      }
    }
  }

  /** Opens a ticket with a key; a retry finds the ticket the first try opened. */
  async open(request: OpenTicketRequest & { idempotencyKey: string }): Promise<string | undefined> {
    const result = await this.retrying(request.idempotencyKey, 'open', () => this.tickets.open(request), (answer) => answer.alreadyApplied === true);
    if (result) this.records.at(-1)!.ticket = result.number;
    return result?.number;
  }

  /** Sends an event with a key, retrying on timeouts with the same key. */
  async send(ticket: string, event: TicketEventInput, idempotencyKey: string): Promise<boolean> {
    const answer = await this.retrying(ticket, event.type, () => this.tickets.send(ticket, event, { idempotencyKey }), (result) => result.alreadyApplied);
    return answer !== undefined;
  }

  /** The ticket's status, retried like the rest (a read: no key needed); undefined if it never answered. */
  status(ticket: string): Promise<TicketStatus | undefined> {
    return reading(() => this.tickets.status(ticket));
  }

  /** The ticket's timeline, retried like the status. */
  timeline(ticket: string): Promise<TimelineEntry[] | undefined> {
    return reading(() => this.tickets.timeline(ticket));
  }
}

async function reading<T>(read: () => Promise<T>): Promise<T | undefined> {
  for (let tries = 1; tries <= 20; tries++) {
    try {
      return await read();
    } catch {
      await sleep(1000);
    }
  }
  return undefined;
}
