import type { FlowDefinition } from '../flow/definition';
import type { Tier } from '../flow/schema';
import type { BusinessCalendar } from '../sla/business-calendar';
import { businessDayOf } from '../sla/business-day';
import { businessMsBetween } from '../sla/business-time';
import { clockView } from '../sla/clock';
import type { SlaClockKind } from '../sla/clock';
import type { CarriedTicketState } from './engine';
import type { TicketInfo, TimelineEntry } from './types';

/*
 * What the archive keeps of a closed ticket, described from the engine's own state (timeline,
 * clocks, flow, calendar). Pure and deterministic: the ticket workflow builds it in its sandbox
 * and hands it to the archive activity; tests build it from an engine driven at chosen instants.
 * Every figure a report shows is derived from these fields, so they carry instants and both
 * business minutes (on the flow's calendar) and calendar minutes.
 */

/** Version of the record's shape; a reader can tell old records from new ones. */
export const CLOSED_TICKET_RECORD_VERSION = 1;

/** Minutes of one span of time, counted two ways. */
export interface SpentMinutes {
  /** Working time of the flow's calendar. */
  businessMinutes: number;
  /** Wall-clock time. */
  calendarMinutes: number;
}

/** One stay in a state, in the order visited. */
export interface StateStay extends SpentMinutes {
  state: string;
  kind: 'working' | 'waiting';
  tier?: Tier;
  enteredAt: string;
  leftAt: string;
}

/** Consecutive working time at one tier (waiting states in between belong to the customer, not a tier). */
export interface TierStay extends SpentMinutes {
  tier: Tier;
  enteredAt: string;
  leftAt: string;
}

/** How one SLA clock ended. */
export interface ClockOutcome {
  id: string;
  kind: SlaClockKind;
  state?: string;
  targetMinutes: number;
  /** Business minutes the clock ran. */
  elapsedMinutes: number;
  /** Business minutes it was paused (the ticket waited on the customer). */
  pausedMinutes: number;
  outcome: 'met' | 'breached';
  /** The due instant it ran past. */
  breachedAt?: string;
  /** Business minutes past the target when it stopped (0 when met). */
  overrunMinutes: number;
}

/** A move up (escalation) or down (de-escalation) between tiers. */
export interface TierMove {
  at: string;
  fromState: string;
  toState: string;
  fromTier: Tier;
  toTier: Tier;
  event: string;
  actor?: string;
  reason?: string;
  /** The tier's due date passed and the flow escalated by itself. */
  automatic: boolean;
}

/** Why a ticket got a new owner; `handover` is a move to another state of the same tier. */
export type ReassignmentReason = 'escalation' | 'absence' | 'by_hand' | 'handover';

/** A change of owner after the first. */
export interface Reassignment {
  at: string;
  from: string;
  to: string;
  reason: ReassignmentReason;
  /** The reason as the timeline recorded it. */
  detail: string;
}

/** The gap between an escalation and the first action at the new tier. */
export interface Handover {
  at: string;
  fromTier: Tier;
  toTier: Tier;
  /** The first transition out of a state of the new tier, if there was one. */
  firstActionAt?: string;
  gap?: SpentMinutes;
}

/** A customer's contact after the ticket was opened. */
export interface CustomerMessage {
  at: string;
  channel?: string;
}

/** The archive's description of one closed ticket. */
export interface ClosedTicketRecord {
  recordVersion: number;
  number: string;
  flow: { id: string; version: number; hash: string; title: string };
  calendar: { name: string; timezone: string };
  channel: string;
  /** `language` is absent in records written before it was kept: readers fall back to the default. */
  customer: { id: string; name?: string; email?: string; language?: string };
  subject: string;
  topic: string;
  priority: { initial: string; final: string };
  openedAt: string;
  /**
   * When the ticket first left its initial state, as the engine stops the first-response clock:
   * closing straight from the initial state counts, since the close answered the request. Unset
   * only when the timeline has no move out of it.
   */
  firstResponseAt?: string;
  closedAt: string;
  finalState: string;
  finalStateTitle: string;
  /** Tier of the last working state. */
  lastTier?: Tier;
  /** Last working state before the ticket closed. */
  lastWorkingState?: string;
  /** Owner when the ticket closed. */
  assignee?: string;
  /** Open to close. */
  timeToResolve: SpentMinutes;
  /** Business days of the flow's calendar, `YYYY-MM-DD` in its time zone. */
  openedBusinessDay: string;
  closedBusinessDay: string;
  stays: StateStay[];
  tiers: TierStay[];
  clocks: ClockOutcome[];
  /** Clocks that had no target for this ticket's priority (`first_response`, `resolution`, or a visited state): counted apart. */
  untimedClocks: string[];
  escalations: TierMove[];
  deescalations: TierMove[];
  assignments: Array<{ at: string; agent: string; reason: string }>;
  reassignments: Reassignment[];
  handovers: Handover[];
  customerMessages: CustomerMessage[];
  /** Resolved without ever leaving L1: every working state visited was L1 and nothing escalated. */
  solvedAtL1: boolean;
  timeline: TimelineEntry[];
  /** Newer tickets linked to this one (follow-ups), oldest first: added by the archive when it is read, never part of the written record. */
  linkedFrom?: Array<{ number: string; at: string }>;
}

/** What the record is built from: the engine's carried state plus what the workflow was started with. */
export interface ClosedTicketSource {
  flow: FlowDefinition;
  calendar: BusinessCalendar;
  ticket: TicketInfo;
  carried: CarriedTicketState;
}

const MINUTE_MS = 60_000;
/** Actors the engine records for moves nobody made by hand: an SLA breach, an `after:` timeout. */
const AUTOMATIC_ACTORS: ReadonlySet<string | undefined> = new Set(['sla', 'timer']);

/** Describes a closed ticket. Throws when the ticket has not reached a final state. */
export function closedTicketRecord({ flow, calendar, ticket, carried }: ClosedTicketSource): ClosedTicketRecord {
  const timeline = carried.timeline;
  const created = timeline.find((entry) => entry.kind === 'created');
  // A timeline without its opening entry (an older run) started in the flow's initial state.
  const start = created?.to ?? flow.initial;
  // The engine records every transition with its event, `from` and `to`; a self-transition is no move.
  const moves = timeline.filter((entry) => entry.kind === 'transition' && entry.from !== entry.to);
  const last = moves[moves.length - 1];
  const finalState = last?.to ?? start;
  if (flow.states[finalState]?.kind !== 'final') throw new Error(`ticket ${ticket.number} is not closed: it is in state '${finalState}'`);
  const openedMs = Date.parse(created?.at ?? timeline[0]!.at);
  const closedMs = Date.parse(last!.at);
  const spent = (from: number, to: number): SpentMinutes => ({
    businessMinutes: businessMsBetween(calendar, from, to) / MINUTE_MS,
    calendarMinutes: (to - from) / MINUTE_MS,
  });

  // Stays: from the created entry through every change of state.
  const stays: StateStay[] = [];
  let current = start;
  let since = openedMs;
  for (const move of moves) {
    const at = Date.parse(move.at);
    const state = flow.states[current];
    if (state && state.kind !== 'final') {
      stays.push({ state: current, kind: state.kind, ...(state.tier ? { tier: state.tier } : {}), enteredAt: iso(since), leftAt: move.at, ...spent(since, at) });
    }
    current = move.to!;
    since = at;
  }

  const tiers: TierStay[] = [];
  for (const stay of stays) {
    if (!stay.tier) continue;
    const previous = tiers[tiers.length - 1];
    if (previous && previous.tier === stay.tier && previous.leftAt === stay.enteredAt) {
      previous.leftAt = stay.leftAt;
      previous.businessMinutes += stay.businessMinutes;
      previous.calendarMinutes += stay.calendarMinutes;
    } else {
      tiers.push({ tier: stay.tier, enteredAt: stay.enteredAt, leftAt: stay.leftAt, businessMinutes: stay.businessMinutes, calendarMinutes: stay.calendarMinutes });
    }
  }

  // Escalations compare the tier of the working state left last with the one entered, so a wait in between does not hide them.
  const escalations: TierMove[] = [];
  const deescalations: TierMove[] = [];
  const handovers: Handover[] = [];
  let workingState: string | undefined = flow.states[start]?.tier ? start : undefined;
  moves.forEach((move, index) => {
    const to = flow.states[move.to!];
    const fromTier = workingState ? flow.states[workingState]?.tier : undefined;
    if (!to?.tier || to.kind !== 'working') return;
    // Tiers order as their names do (L1 < L2 < L3); the same tier is neither way.
    const up = fromTier !== undefined && to.tier > fromTier;
    const down = fromTier !== undefined && to.tier < fromTier;
    if (up || down) {
      const reason = moveReason(move);
      const entry: TierMove = {
        at: move.at,
        fromState: workingState!,
        toState: to.name,
        fromTier: fromTier!,
        toTier: to.tier,
        event: move.event!,
        ...(move.actor ? { actor: move.actor } : {}),
        ...(reason ? { reason } : {}),
        automatic: AUTOMATIC_ACTORS.has(move.actor),
      };
      if (up) {
        escalations.push(entry);
        // The new tier's first action: the first move out of one of its states after the escalation
        // that a person made (a breach or a timeout moving the ticket on is nobody acting).
        const action = moves.slice(index + 1).find((later) => flow.states[later.from!]?.tier === to.tier && !AUTOMATIC_ACTORS.has(later.actor));
        handovers.push({
          at: move.at,
          fromTier: fromTier!,
          toTier: to.tier,
          ...(action ? { firstActionAt: action.at, gap: spent(Date.parse(move.at), Date.parse(action.at)) } : {}),
        });
      } else {
        deescalations.push(entry);
      }
    }
    workingState = to.name;
  });

  // The engine records every assignment with its agent and reason.
  const assignments = timeline
    .filter((entry) => entry.kind === 'assigned')
    .map((entry) => ({ at: entry.at, agent: entry.agent!, reason: entry.reason!, previous: typeof entry.data?.previous === 'string' ? entry.data.previous : undefined }));
  const reassignments: Reassignment[] = assignments
    .filter((entry) => entry.previous !== undefined)
    .map((entry) => ({ at: entry.at, from: entry.previous!, to: entry.agent, reason: reassignmentReason(entry.reason), detail: entry.reason }));

  const fired = new Set(carried.clocks.fired);
  const clocks: ClockOutcome[] = carried.clocks.records.map((record) => {
    const view = clockView(record, calendar, closedMs);
    // A clock that ran past its due instant breached (a stopped one says so at its stop, the view
    // computes the same); one its breach stopped at the due instant only its fired breach tells.
    const breached = fired.has(`${record.id}:breach`) || view.breachedAt !== undefined;
    // A breach that escalated stopped its clock at the due instant, so only the due instant tells when it breached.
    const breachedAt = view.breachedAt ?? (breached ? view.dueAt : undefined);
    return {
      id: record.id,
      kind: record.kind,
      ...(record.state ? { state: record.state } : {}),
      targetMinutes: record.targetMinutes,
      elapsedMinutes: view.elapsedMinutes,
      pausedMinutes: view.pausedMinutes,
      outcome: breached ? 'breached' : 'met',
      ...(breachedAt !== undefined ? { breachedAt: iso(breachedAt) } : {}),
      overrunMinutes: breached ? Math.max(0, view.elapsedMinutes - record.targetMinutes) : 0,
    };
  });

  const initialPriority = typeof created?.data?.priority === 'string' ? created.data.priority : ticket.priority;
  const untimedClocks: string[] = [];
  if (flow.sla.firstResponse?.[initialPriority] === undefined) untimedClocks.push('first_response');
  if (flow.sla.resolution?.[initialPriority] === undefined) untimedClocks.push('resolution');
  for (const stay of stays) {
    if (stay.kind === 'working' && !clocks.some((clock) => clock.state === stay.state) && !untimedClocks.includes(stay.state)) untimedClocks.push(stay.state);
  }

  // The first response is the ticket leaving its start state: the first move there is.
  const firstResponse = moves[0];
  const lastWorking = [...stays].reverse().find((stay) => stay.kind === 'working');
  // The engine records only customers' words as messages (agents speak through events), and a
  // customer writing again about a closed ticket as `contacted_again` by its channel.
  const customerMessages: CustomerMessage[] = timeline
    .filter((entry) => entry.kind === 'message' || entry.kind === 'contacted_again')
    .map((entry) => ({ at: entry.at, ...(channelOf(entry) ? { channel: channelOf(entry)! } : {}) }));

  return {
    recordVersion: CLOSED_TICKET_RECORD_VERSION,
    number: ticket.number,
    flow: { id: flow.id, version: flow.version, hash: flow.hash, title: flow.title },
    calendar: { name: calendar.name, timezone: calendar.timezone },
    channel: ticket.channel,
    customer: {
      id: ticket.customer.id,
      ...(ticket.customer.name ? { name: ticket.customer.name } : {}),
      ...(ticket.customer.email ? { email: ticket.customer.email } : {}),
      ...(ticket.customer.language ? { language: ticket.customer.language } : {}),
    },
    subject: ticket.subject,
    topic: ticket.topic,
    priority: { initial: initialPriority, final: carried.priority },
    openedAt: iso(openedMs),
    ...(firstResponse ? { firstResponseAt: firstResponse.at } : {}),
    closedAt: iso(closedMs),
    finalState,
    finalStateTitle: flow.states[finalState]!.title,
    ...(carried.lastTier ? { lastTier: carried.lastTier } : lastWorking?.tier ? { lastTier: lastWorking.tier } : {}),
    ...(lastWorking ? { lastWorkingState: lastWorking.state } : {}),
    ...(carried.assignee ? { assignee: carried.assignee } : {}),
    timeToResolve: spent(openedMs, closedMs),
    openedBusinessDay: businessDayOf(calendar, openedMs),
    closedBusinessDay: businessDayOf(calendar, closedMs),
    stays,
    tiers,
    clocks,
    untimedClocks,
    escalations,
    deescalations,
    assignments: assignments.map(({ at, agent, reason }) => ({ at, agent, reason })),
    reassignments,
    handovers,
    customerMessages,
    // No stay worked above L1 (an escalation always leaves one: its target is a working state).
    solvedAtL1: stays.every((stay) => stay.kind !== 'working' || stay.tier === undefined || stay.tier === 'L1'),
    timeline,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function moveReason(move: TimelineEntry): string | undefined {
  if (move.reason) return move.reason;
  return typeof move.data?.reason === 'string' ? move.data.reason : undefined;
}

/** The engine's assignment reasons: `escalation`, `absence`, `handover`, `new ticket`; anything else was given by hand. */
function reassignmentReason(reason: string): ReassignmentReason {
  if (reason === 'escalation' || reason === 'absence' || reason === 'handover') return reason;
  return 'by_hand';
}

/** A message carries its channel in its data; `contacted_again` is recorded by its channel. */
function channelOf(entry: TimelineEntry): string | undefined {
  const channel = entry.kind === 'message' ? entry.data?.['channel'] : entry.actor;
  return typeof channel === 'string' ? channel : undefined;
}
