import { DateTime } from 'luxon';
import type { Tier } from '../flow/schema';
import type { ClosedTicketRecord, ReassignmentReason } from '../ticket/closed-ticket-record';

/** How one SLA clock of a ticket ended, as reports count it. */
export interface ClockFact {
  /** `first_response`, `resolution`, or `due:<state>` for a state's due date. */
  clock: string;
  state?: string;
  met: boolean;
  /** Business minutes past the target (0 when met). */
  overrunMin: number;
}

/**
 * The compact part of a closed-ticket record that every KPI is computed from, kept beside the
 * record so a report over 100,000 tickets reads a few hundred bytes per ticket, not timelines.
 * Derived only from the record (`ticketFacts`), so it can be rebuilt from the archive at any time.
 */
export interface TicketFacts {
  number: string;
  flow: string;
  version: number;
  priority: string;
  channel: string;
  /** Owner when the ticket closed. */
  agent?: string;
  /** Tier of the last working state: where the ticket was resolved. */
  tier?: Tier;
  /** Last working state. */
  state?: string;
  finalState: string;
  openedAt: number;
  closedAt: number;
  /** ISO week of closing in the flow calendar's zone, `2026-W49`. */
  week: string;
  resolveBusinessMin: number;
  resolveCalendarMin: number;
  sameDay: boolean;
  customerMessages: number;
  solvedAtL1: boolean;
  /** Worked at L1 at some point (the denominator of the L1 -> L2 rate). */
  workedL1: boolean;
  /** Worked at L2 at some point (the denominator of the L2 -> L3 rate). */
  workedL2: boolean;
  escalatedL1toL2: boolean;
  escalatedL2toL3: boolean;
  tierBusinessMin: Partial<Record<Tier, number>>;
  tierCalendarMin: Partial<Record<Tier, number>>;
  /** Escalation L1 -> L2 to the first L2 action, when there was one. */
  handoverL1L2?: { businessMin: number; calendarMin: number };
  reassignments: Partial<Record<ReassignmentReason, number>>;
  clocks: ClockFact[];
  /** Clocks without a target for this ticket, left out of SLA met % and counted apart. */
  untimed: string[];
}

/** The name a report gives a clock. */
export function clockName(kind: string, state?: string): string {
  return kind === 'state_due' ? `due:${state ?? '?'}` : kind;
}

/** Derives the facts of a record. Pure. */
export function ticketFacts(record: ClosedTicketRecord): TicketFacts {
  const closedAt = Date.parse(record.closedAt);
  const tierBusinessMin: Partial<Record<Tier, number>> = {};
  const tierCalendarMin: Partial<Record<Tier, number>> = {};
  for (const stay of record.tiers) {
    tierBusinessMin[stay.tier] = (tierBusinessMin[stay.tier] ?? 0) + stay.businessMinutes;
    tierCalendarMin[stay.tier] = (tierCalendarMin[stay.tier] ?? 0) + stay.calendarMinutes;
  }
  const reassignments: Partial<Record<ReassignmentReason, number>> = {};
  for (const change of record.reassignments) reassignments[change.reason] = (reassignments[change.reason] ?? 0) + 1;
  const handover = record.handovers.find((entry) => entry.fromTier === 'L1' && entry.toTier === 'L2' && entry.gap);
  const week = DateTime.fromMillis(closedAt, { zone: record.calendar.timezone }).toFormat("kkkk-'W'WW");
  return {
    number: record.number,
    flow: record.flow.id,
    version: record.flow.version,
    priority: record.priority.final,
    channel: record.channel,
    ...(record.assignee ? { agent: record.assignee } : {}),
    ...(record.lastTier ? { tier: record.lastTier } : {}),
    ...(record.lastWorkingState ? { state: record.lastWorkingState } : {}),
    finalState: record.finalState,
    openedAt: Date.parse(record.openedAt),
    closedAt,
    week,
    resolveBusinessMin: record.timeToResolve.businessMinutes,
    resolveCalendarMin: record.timeToResolve.calendarMinutes,
    sameDay: record.openedBusinessDay === record.closedBusinessDay,
    customerMessages: record.customerMessages.length,
    solvedAtL1: record.solvedAtL1,
    workedL1: record.tiers.some((stay) => stay.tier === 'L1'),
    workedL2: record.tiers.some((stay) => stay.tier === 'L2'),
    escalatedL1toL2: record.escalations.some((move) => move.fromTier === 'L1' && move.toTier >= 'L2'),
    escalatedL2toL3: record.escalations.some((move) => move.fromTier === 'L2' && move.toTier === 'L3'),
    tierBusinessMin,
    tierCalendarMin,
    ...(handover?.gap ? { handoverL1L2: { businessMin: handover.gap.businessMinutes, calendarMin: handover.gap.calendarMinutes } } : {}),
    reassignments,
    clocks: record.clocks.map((clock) => ({
      clock: clockName(clock.kind, clock.state),
      ...(clock.state ? { state: clock.state } : {}),
      met: clock.outcome === 'met',
      overrunMin: clock.overrunMinutes,
    })),
    untimed: record.untimedClocks,
  };
}
