import { pickAgent } from './pick-agent';
import type { AgentAbsence, AgentPool } from './types';

/**
 * Who owns which open ticket, kept by the agent directory itself from the picks it makes and
 * the owners tickets report (by hand, released at close). Loads come from here, never from
 * visibility: a count that lags behind the picks over-assigns agents under a burst, and costs
 * one visibility call per agent per pick. Pure and deterministic: the directory workflow runs it.
 */

/** A ticket asking for an owner in a tier. `id` names the request so a retry gets the same answer. */
export interface OwnerRequest {
  id: string;
  ticket: string;
  tier: string;
  skill?: string;
  fields: Record<string, unknown>;
  exclude: string[];
  /** Why the ticket needs an owner; passed on to the owner a queue assigns later. */
  reason?: string;
  /** The tier's pool as the asking worker knows it; the newest one seen is used for the queue too. */
  pool: AgentPool;
}

/** What became of a request. */
export type OwnerDecision =
  | { agent: string }
  /** Nobody is free now: the ticket waits in the tier's queue. `alertTeam` on the first one of a queue. */
  | { queued: true; why: string; alertTeam: boolean }
  /** Nobody could ever take it (no pool, no agent with the skill): assign by hand. */
  | { why: string };

/** A ticket's owner as the ticket reports it: set by hand, or released (`agent` absent) when the ticket closed. */
export interface OwnerReport {
  ticket: string;
  agent?: string;
  tier?: string;
}

/** A queued ticket that now has an owner: the directory tells the ticket. */
export interface OwnerOffer {
  ticket: string;
  requestId: string;
  tier: string;
  agent: string;
  reason?: string;
}

/** A request waiting in a tier's queue; it is served with the tier's newest pool. */
export type QueuedRequest = Omit<OwnerRequest, 'pool'>;

/** The directory's state, carried across continue-as-new. */
export interface CarriedDirectoryState {
  holdings: Array<[string, { agent: string; tier: string }]>;
  queue: QueuedRequest[];
  cursors: Record<string, number>;
  pools: Record<string, AgentPool>;
  decided: Array<[string, OwnerDecision]>;
}

/** Per agent: open tickets held now. */
export type AgentLoads = Record<string, number>;

/** Decisions remembered for retried requests; enough for every request of a large burst in flight. */
const DECIDED_LIMIT = 4_000;

/** The agent directory's assignment book. */
export class DirectoryState {
  private readonly holdings = new Map<string, { agent: string; tier: string }>();
  private readonly load = new Map<string, number>();
  private queue: QueuedRequest[] = [];
  private readonly cursors: Record<string, number>;
  private readonly pools: Record<string, AgentPool>;
  private readonly decided = new Map<string, OwnerDecision>();

  constructor(carried?: CarriedDirectoryState) {
    this.cursors = { ...(carried?.cursors ?? {}) };
    this.pools = { ...(carried?.pools ?? {}) };
    for (const [ticket, holding] of carried?.holdings ?? []) this.hold(ticket, holding.agent, holding.tier);
    this.queue = [...(carried?.queue ?? [])];
    for (const [id, decision] of carried?.decided ?? []) this.decided.set(id, decision);
  }

  /**
   * Decides a request: an agent below capacity (the request's ticket gives up what it held,
   * since it moved on), or a place in the tier's queue when everyone who could take it is busy
   * or away, or a refusal when nobody in the pool could ever take it.
   */
  request(request: OwnerRequest, absences: readonly AgentAbsence[], at: string): OwnerDecision {
    const known = this.decided.get(request.id);
    if (known && 'agent' in known && this.holdings.get(request.ticket)?.agent !== known.agent) {
      // A retry of a request whose ticket has given that owner up since (it closed): hold nothing.
      return { why: `request ${request.id} is stale: ticket ${request.ticket} no longer holds ${known.agent}` };
    }
    if (known) return known;
    this.pools[request.tier] = request.pool;
    this.release(request.ticket);
    this.queue = this.queue.filter((queued) => queued.ticket !== request.ticket);
    const decision = this.tryPick(request, absences, at);
    let result: OwnerDecision;
    if (decision.agent) {
      result = { agent: decision.agent };
    } else if (!this.couldEverTake(request)) {
      result = { why: decision.why };
    } else {
      const alertTeam = !this.queue.some((queued) => queued.tier === request.tier);
      this.queue.push(queuedRequest(request));
      result = { queued: true, why: `nobody available within capacity: ${decision.why}`, alertTeam };
    }
    this.remember(request.id, result);
    return result;
  }

  /** Applies a ticket's report: an owner set by hand counts as load; a closed ticket frees its owner. */
  report(report: OwnerReport): void {
    this.release(report.ticket);
    if (report.agent) {
      this.hold(report.ticket, report.agent, report.tier ?? '');
    } else {
      this.queue = this.queue.filter((queued) => queued.ticket !== report.ticket);
    }
  }

  /** Gives queued tickets, oldest first, to agents who are free now. */
  serveQueue(absences: readonly AgentAbsence[], at: string): OwnerOffer[] {
    const offers: OwnerOffer[] = [];
    const waiting: QueuedRequest[] = [];
    for (const request of this.queue) {
      const pool = this.pools[request.tier];
      const decision = pool ? this.tryPick({ ...request, pool }, absences, at) : { why: 'no pool' };
      if (decision.agent) {
        offers.push({ ticket: request.ticket, requestId: request.id, tier: request.tier, agent: decision.agent, ...(request.reason ? { reason: request.reason } : {}) });
        this.remember(request.id, { agent: decision.agent });
      } else {
        waiting.push(request);
      }
    }
    this.queue = waiting;
    return offers;
  }

  /** Open tickets an agent holds now (for reassignment when the agent becomes absent). */
  ticketsOf(agent: string): string[] {
    return [...this.holdings].filter(([, holding]) => holding.agent === agent).map(([ticket]) => ticket);
  }

  /** Open tickets per agent. */
  loads(): AgentLoads {
    return Object.fromEntries(this.load);
  }

  /** Tickets waiting for an owner, per tier. */
  queued(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const request of this.queue) counts[request.tier] = (counts[request.tier] ?? 0) + 1;
    return counts;
  }

  /** The state to carry into the next run. */
  carry(): CarriedDirectoryState {
    return {
      holdings: [...this.holdings],
      queue: this.queue,
      cursors: this.cursors,
      pools: this.pools,
      decided: [...this.decided],
    };
  }

  private tryPick(request: OwnerRequest, absences: readonly AgentAbsence[], at: string): { agent?: string; why: string } {
    const result = pickAgent({
      pool: request.pool,
      loads: this.loads(),
      absences,
      at,
      ticketFields: request.fields,
      ...(request.skill ? { requiredSkills: [request.skill] } : {}),
      exclude: request.exclude,
      roundRobinCursor: this.cursors[request.tier] ?? 0,
    });
    if ('none' in result) return { why: result.none };
    this.cursors[request.tier] = result.nextCursor;
    this.hold(request.ticket, result.agentId, request.tier);
    return { agent: result.agentId, why: '' };
  }

  /** Whether some agent of the pool could take the ticket once free and present. */
  private couldEverTake(request: OwnerRequest): boolean {
    const result = pickAgent({
      pool: request.pool,
      loads: {},
      absences: [],
      at: new Date(0).toISOString(),
      ticketFields: request.fields,
      ...(request.skill ? { requiredSkills: [request.skill] } : {}),
      exclude: request.exclude,
    });
    return !('none' in result);
  }

  private hold(ticket: string, agent: string, tier: string): void {
    this.holdings.set(ticket, { agent, tier });
    this.load.set(agent, (this.load.get(agent) ?? 0) + 1);
  }

  private release(ticket: string): void {
    const holding = this.holdings.get(ticket);
    if (!holding) return;
    this.holdings.delete(ticket);
    const left = (this.load.get(holding.agent) ?? 1) - 1;
    if (left > 0) this.load.set(holding.agent, left);
    else this.load.delete(holding.agent);
  }

  private remember(id: string, decision: OwnerDecision): void {
    this.decided.delete(id);
    this.decided.set(id, decision);
    while (this.decided.size > DECIDED_LIMIT) this.decided.delete(this.decided.keys().next().value as string);
  }
}

/** A request as the queue keeps it: without its pool, which the tier's newest pool replaces. */
function queuedRequest(request: OwnerRequest): QueuedRequest {
  return {
    id: request.id,
    ticket: request.ticket,
    tier: request.tier,
    fields: request.fields,
    exclude: request.exclude,
    ...(request.skill !== undefined ? { skill: request.skill } : {}),
    ...(request.reason !== undefined ? { reason: request.reason } : {}),
  };
}
